import { SEQUENCES } from '../panels/model';
import type { RoiOption, Selection, Sequence, SeriesOption } from '../panels/model';
import type { DisplaySetLike } from '../panels/studyData';

/**
 * What each PRNN viewport shows: the series chosen for its sequence and, laid over it by OHIF's SEG / RTSTRUCT
 * display, the ROI chosen for that sequence when that ROI was drawn on this very series. An ROI drawn on another
 * series (mapped through the frame of reference) is not laid over: OHIF's stack viewports show a SEG only on the
 * images it references, and cornerstone ties an RTSTRUCT's contours to the first viewport that draws them (a
 * second viewport of another series shows none), which would take the outline away from its own series.
 */
export interface ViewportPlan {
  sequence: Sequence;
  viewportId: string;
  series: SeriesOption | null;
  /** The ROI whose centre the viewport opens on (drawn on this series or mapped onto it). */
  roi: RoiOption | null;
  /** [series, ROI overlay?] display set UIDs, in the order OHIF expects (image first); empty without a series. */
  displaySetInstanceUIDs: string[];
}

export function viewportIdOf(sequence: Sequence): string {
  return `prnn-${sequence}`;
}

/** The SEG / RTSTRUCT display set holding `roi`. */
function roiDisplaySet(roi: RoiOption, displaySets: readonly DisplaySetLike[]): DisplaySetLike | undefined {
  return displaySets.find((ds) => ds.SeriesInstanceUID === roi.sourceSeriesInstanceUID && ds.Modality === roi.modality);
}

export function planViewports(
  choices: { series: readonly SeriesOption[]; rois: readonly RoiOption[]; selection: Selection },
  displaySets: readonly DisplaySetLike[],
): ViewportPlan[] {
  return SEQUENCES.map((sequence) => {
    const series = choices.series.find((s) => s.seriesInstanceUID === choices.selection.series[sequence].value) ?? null;
    const roi = series ? choices.rois.find((r) => r.key === choices.selection.roi[sequence].value) ?? null : null;
    const overlay = roi?.referencedSeriesInstanceUIDs.includes(series!.seriesInstanceUID) ? roiDisplaySet(roi, displaySets) : undefined;
    return {
      sequence,
      viewportId: viewportIdOf(sequence),
      series,
      roi,
      displaySetInstanceUIDs: series ? [series.displaySetInstanceUID, ...(overlay ? [overlay.displaySetInstanceUID] : [])] : [],
    };
  });
}

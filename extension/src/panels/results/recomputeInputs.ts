import type { StoredPrnnResult, StoredSequenceResult } from '../../dicom/sr';
import { roiKey, SEQUENCE_LABEL, SEQUENCES } from '../model';
import type { Sequence } from '../model';
import { roiOptions } from '../studyData';
import type { DisplaySetLike } from '../studyData';

/** What the panel must select for one sequence so that a computation reads what the stored result was computed from. */
export interface StoredInput {
  sequence: Sequence;
  seriesInstanceUID: string;
  /** The panel's ROI key (roiKey) of the stored SEG segment or RTSTRUCT ROI. */
  roiKey: string;
}

export type RecomputeInputs = { found: true; inputs: StoredInput[] } | { found: false; message: string };

const instancesOf = (ds: DisplaySetLike) => ds.instances ?? (ds.instance ? [ds.instance] : []);

function roiDescription(stored: StoredSequenceResult): string {
  const { kind, number, name, sopInstanceUID } = stored.roi;
  return `${kind} ${sopInstanceUID}, ${kind === 'SEG' ? 'segment' : 'ROI'} ${number} '${name}'`;
}

/**
 * The series and ROI the stored SR references for each sequence, found in the study's display sets: the image series
 * by SeriesInstanceUID, the SEG / RTSTRUCT by SOPInstanceUID, then the segment / ROI by its number. Recompute uses
 * exactly these, whatever the panel would choose by itself; anything no longer in the study is named.
 */
export function recomputeInputsOf(stored: StoredPrnnResult, displaySets: readonly DisplaySetLike[], requiredSequences: readonly Sequence[]): RecomputeInputs {
  const cannot = (why: string): RecomputeInputs => ({ found: false, message: `Recompute cannot use the stored result's inputs: ${why}` });
  const rois = roiOptions(displaySets);
  const inputs: StoredInput[] = [];
  for (const sequenceResult of stored.sequences) {
    const sequence = SEQUENCES.find((s) => s === sequenceResult.sequence);
    if (!sequence) return cannot(`it names sequence '${sequenceResult.sequence}', which this viewer does not know (T1, T2, T1C).`);
    const label = SEQUENCE_LABEL[sequence];
    const images = displaySets.find((ds) => ds.SeriesInstanceUID === sequenceResult.sourceSeriesInstanceUID && ds.Modality === 'MR');
    if (!images) return cannot(`its ${label} series ${sequenceResult.sourceSeriesInstanceUID} is no longer in the study.`);
    const roiObject = displaySets.find(
      (ds) => ds.Modality === sequenceResult.roi.kind && instancesOf(ds).some((instance) => instance.SOPInstanceUID === sequenceResult.roi.sopInstanceUID),
    );
    if (!roiObject) return cannot(`its ${label} ROI (${roiDescription(sequenceResult)}) is no longer in the study.`);
    const key = roiKey(roiObject.SeriesInstanceUID, sequenceResult.roi.number);
    if (!rois.some((roi) => roi.key === key)) return cannot(`the ${sequenceResult.roi.kind} of its ${label} ROI (${roiDescription(sequenceResult)}) no longer holds that ${sequenceResult.roi.kind === 'SEG' ? 'segment' : 'ROI'}.`);
    inputs.push({ sequence, seriesInstanceUID: images.SeriesInstanceUID, roiKey: key });
  }
  const missing = requiredSequences.filter((s) => !inputs.some((input) => input.sequence === s));
  if (missing.length > 0) return cannot(`it holds no ${missing.map((s) => SEQUENCE_LABEL[s]).join(', ')}, which the model card needs.`);
  return { found: true, inputs };
}

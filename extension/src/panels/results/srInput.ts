import type { ComparisonForSr, PrnnSrInput, RoiReference, SequenceMeasurements } from '../../dicom/sr';
import { roiReferenceOf, sourceSeriesOf } from '../../dicom/sr';
import type { DicomDataset } from '../../dicom/dataset';
import { textOf } from '../../dicom/dataset';
import type { DisplaySetLike } from '../studyData';
import type { ComputeRequest, ComputeResult } from '../../worker/api';

/** What the SR needs besides the result: facts the host knows (the card file, the user, the build). */
export interface SrContext {
  /** Display sets of the study: the computed series and the SEG/RTSTRUCT display sets with their instances. */
  displaySets: readonly DisplaySetLike[];
  /** SHA-256 (hex) of the model card file and its extraction settings as text. */
  cardSha256: string;
  extractionSettings: string;
  softwareVersion: string;
  /** DICOM person name of the logged-in user, when the host knows one. */
  observerName?: string;
  /** The panel's latest reader comparison of this study (panels/compare), stored as the SR's comparison group. */
  comparison?: ComparisonForSr;
  /** The SEGs of the ROIs drawn in the viewer that `comparison` names: stored before the SR, as the computed ROIs' are. */
  comparisonRoiSegs?: DicomDataset[];
}

/**
 * The worker names features `<feature>_<sequence>` across sequences; the SR and compareWithStored hold them per
 * sequence without the suffix.
 */
export function featuresBySequence(features: Readonly<Record<string, number>>, sequences: readonly string[]): Record<string, Record<string, number>> {
  const bySequence: Record<string, Record<string, number>> = Object.fromEntries(sequences.map((s) => [s, {}]));
  for (const [key, value] of Object.entries(features)) {
    const sequence = sequences.find((s) => key.endsWith(`_${s}`));
    if (sequence) bySequence[sequence][key.slice(0, -(sequence.length + 1))] = value;
  }
  return bySequence;
}

function displaySetOf(displaySets: readonly DisplaySetLike[], seriesInstanceUID: string, what: string): DisplaySetLike {
  const found = displaySets.find((ds) => ds.SeriesInstanceUID === seriesInstanceUID);
  if (!found) throw new Error(`The ${what} series ${seriesInstanceUID} is no longer loaded in the viewer: open the study again to store the result.`);
  return found;
}

function text(ds: DicomDataset | undefined, keyword: string, what: string): string {
  const value = ds?.[keyword];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string' || first === '') throw new Error(`The ${what} has no ${keyword} in the viewer's metadata.`);
  return first;
}

/** The SR input for a result the panel computed from `request` (the series and ROIs it names). */
export function srInputOf(result: ComputeResult, request: ComputeRequest, context: SrContext): PrnnSrInput {
  if (request.sequences.length === 0) throw new Error('The computation named no sequence: there is nothing to store.');
  const sequences = request.sequences.map((s) => s.sequence);
  const features = featuresBySequence(result.features, sequences);
  const measurements: SequenceMeasurements[] = request.sequences.map((input) => {
    const images = displaySetOf(context.displaySets, input.seriesInstanceUID, `${input.sequence} image`);
    if (input.viewerRoi) {
      const seg = result.viewerRoiSegs?.[input.sequence];
      if (!seg) throw new Error(`The result holds no SEG of the ${input.sequence} ROI drawn in the viewer: compute again to store it.`);
      return { sequence: input.sequence, series: sourceSeriesOf(images.instances ?? []), roi: roiReferenceOf(seg, 1), features: features[input.sequence] };
    }
    const roiSet = displaySetOf(context.displaySets, input.roi.seriesInstanceUID, `${input.sequence} ${input.roi.modality}`);
    const roiInstance = roiSet.instance ?? roiSet.instances?.[0];
    const what = `${input.roi.modality} of ${input.sequence}`;
    const roi: RoiReference = {
      kind: input.roi.modality,
      sopClassUID: text(roiInstance, 'SOPClassUID', what),
      sopInstanceUID: text(roiInstance, 'SOPInstanceUID', what),
      seriesInstanceUID: input.roi.seriesInstanceUID,
      studyInstanceUID: request.studyInstanceUID,
      number: input.roi.number,
      name: input.roi.label,
    };
    return { sequence: input.sequence, series: sourceSeriesOf(images.instances ?? []), roi, features: features[input.sequence] };
  });
  const firstImages = displaySetOf(context.displaySets, request.sequences[0].seriesInstanceUID, 'image');
  return {
    studyInstance: (firstImages.instances ?? [])[0],
    measurements,
    signature: {
      card: { name: result.card.name, version: result.card.version, sha256: context.cardSha256, notForClinicalUse: result.card.notForClinicalUse },
      probability: result.probability,
      riskGroup: result.riskGroup,
      riskGroupLabel: result.riskGroupLabel,
      threshold: result.threshold,
    },
    comparison: context.comparison,
    observerName: context.observerName,
    softwareVersion: context.softwareVersion,
    extractionSettings: context.extractionSettings,
  };
}

/** Two SEGs of the same voxels on the same images under the same label (UIDs and dates aside). */
function sameSegContent(a: DicomDataset, b: DicomDataset): boolean {
  const content = (seg: DicomDataset) =>
    JSON.stringify(['Rows', 'Columns', 'NumberOfFrames', 'SegmentSequence', 'SharedFunctionalGroupsSequence', 'PerFrameFunctionalGroupsSequence', 'ReferencedSeriesSequence'].map((k) => seg[k]));
  const pixels = (seg: DicomDataset) => new Uint8Array(seg.PixelData as ArrayBuffer);
  const [pa, pb] = [pixels(a), pixels(b)];
  return content(a) === content(b) && pa.length === pb.length && pa.every((v, i) => v === pb[i]);
}

/**
 * The comparison's SEG of a viewer ROI that Compute also used, unchanged since, is the same ROI as the computed
 * result's SEG: the SR's comparison then names that one and Store in PACS sends it once, not two copies of it.
 */
export function shareViewerRoiSegs(context: SrContext, computedSegs: readonly DicomDataset[]): SrContext {
  const { comparison, comparisonRoiSegs } = context;
  if (!comparison || !comparisonRoiSegs?.length) return context;
  let shared = comparison;
  const kept: DicomDataset[] = [];
  for (const seg of comparisonRoiSegs) {
    const same = computedSegs.find((computed) => sameSegContent(computed, seg));
    if (!same) {
      kept.push(seg);
      continue;
    }
    const [from, to] = [textOf(seg, 'SOPInstanceUID')!, textOf(same, 'SOPInstanceUID')!];
    const seriesInstanceUID = textOf(same, 'SeriesInstanceUID')!;
    const named = (roi: RoiReference): RoiReference => (roi.sopInstanceUID === from ? { ...roi, sopInstanceUID: to, seriesInstanceUID } : roi);
    const rois = shared.readerRois;
    shared = {
      ...shared,
      readerA: shared.readerA.replace(from, to),
      readerB: shared.readerB.replace(from, to),
      ...(rois ? { readerRois: [named(rois[0]), named(rois[1])] as const } : {}),
    };
  }
  return { ...context, comparison: shared, comparisonRoiSegs: kept };
}

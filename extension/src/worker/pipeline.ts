import { SEQUENCE_LABEL } from '../panels/model';
import type { Sequence } from '../panels/model';
import { fetchImageSeries, fetchPart10Series } from '../services/dicomweb';
import type { DicomwebSource } from '../services/dicomweb';
import { cardParams, diameterLine, explainPrediction, extractFeatures, featureMap, imageSeriesToVolume, parseCard, predictRisk, roiMask } from './engine';
import type { ModelCard } from './engine';
import { compareReadersOnStudy } from '../compare/study';
import type { SeriesVolume } from './engine';
import type { DicomDataset } from '../dicom/dataset';
import { labelmapToMask } from '../dicom/seg/viewer';
import { buildRoiSeg } from '../dicom/seg/write';
import { roiReferenceOf } from '../dicom/sr/references';
import extensionPackage from '../../package.json';
import type { CardSummary, CompareRequest, CompareResult, ComputeProgress, ComputeRequest, ComputeResult, FeatureMapRequest, FeatureMapResult, SequenceInput, ViewerRoiInput } from './api';

const SEQUENCE_NAMES: readonly string[] = ['T1', 'T2', 'T1C'];

async function fetchCard(cardUrl: string): Promise<ModelCard> {
  let response: Response;
  try {
    response = await fetch(cardUrl, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`the model card could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status} for ${cardUrl}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new Error(`${cardUrl} is not JSON`);
  }
  const card = parseCard(json);
  const unknown = card.extraction.sequences.filter((s) => !SEQUENCE_NAMES.includes(s));
  if (unknown.length > 0) throw new Error(`the card uses sequence(s) ${unknown.join(', ')}; this viewer knows T1, T2 and T1C`);
  return card;
}

function summarise(card: ModelCard): CardSummary {
  const group = (g: ModelCard['riskGroups']['low']) => ({ label: g.label, eventRate: g.eventRate ?? null });
  return {
    name: card.name,
    version: card.version,
    description: card.description ?? null,
    intendedUse: card.intendedUse,
    notForClinicalUse: card.notForClinicalUse,
    provenance: card.provenance.kind,
    sequences: card.extraction.sequences as Sequence[],
    threshold: card.threshold.value,
    features: card.features.map((f) => ({ name: f.name, sequence: f.sequence })),
    riskGroups: { low: group(card.riskGroups.low), high: group(card.riskGroups.high) },
  };
}

/** The card a computation runs with; any failure to get it stops the computation as a refused card. */
function usableCard(cardUrl: string): Promise<ModelCard> {
  return fetchCard(cardUrl).catch((error: Error) => {
    throw new Error(`Model card refused: ${error.message}`);
  });
}

export async function describeCard(cardUrl: string): Promise<CardSummary> {
  return summarise(await fetchCard(cardUrl));
}

async function imageOf(input: Omit<SequenceInput, 'roi'>, source: DicomwebSource, studyInstanceUID: string) {
  if (input.viewerInstances) return { series: imageSeriesToVolume(input.viewerInstances), instances: input.viewerInstances, from: 'viewer' as const };
  const instances = await fetchImageSeries(source, studyInstanceUID, input.seriesInstanceUID);
  return { series: imageSeriesToVolume(instances), instances, from: 'dicomweb' as const };
}

/**
 * The SEG of a labelmap segment drawn in the viewer, on the image series it was drawn on: what the computation reads
 * (as any SEG) and what is stored with the result, so both are the same voxels.
 */
function viewerRoiSeg({ segmentIndex, slices }: ViewerRoiInput, label: string, image: { series: SeriesVolume; instances: DicomDataset[] }): DicomDataset {
  return buildRoiSeg({
    mask: labelmapToMask(image.series, slices, segmentIndex),
    series: image.series,
    instances: image.instances,
    segmentLabel: label,
    softwareVersion: `${extensionPackage.name} ${extensionPackage.version}`,
  });
}

/**
 * Series -> volume, ROI -> mask, features with the card's extraction params for each sequence, then the card's
 * signature. Any failure stops with a message naming the sequence; nothing is guessed.
 */
export async function computeRisk(request: ComputeRequest, onProgress: (progress: ComputeProgress) => void): Promise<ComputeResult> {
  const started = performance.now();
  const card = await usableCard(request.cardUrl);
  const params = cardParams(card);
  const features: Record<string, number> = {};
  const warnings: string[] = [];
  const pixelSources: ComputeResult['pixelSources'] = {};
  const viewerRoiSegs: NonNullable<ComputeResult['viewerRoiSegs']> = {};
  const roiInstances = new Map<string, ReturnType<typeof fetchPart10Series>>();
  const steps = request.sequences.length;

  for (const [step, input] of request.sequences.entries()) {
    const label = SEQUENCE_LABEL[input.sequence];
    const report = (fraction: number, message: string) =>
      onProgress({ fraction: Math.min(1, (step + fraction) / steps) * 0.98, message: `${label}: ${message}` });
    try {
      report(0, `reading ${input.roi.modality} '${input.roi.label}'`);
      if (!input.viewerRoi && !roiInstances.has(input.roi.seriesInstanceUID)) {
        roiInstances.set(input.roi.seriesInstanceUID, fetchPart10Series(request.dicomweb, request.studyInstanceUID, input.roi.seriesInstanceUID));
      }
      const roiSeries = input.viewerRoi ? null : await roiInstances.get(input.roi.seriesInstanceUID)!;
      if (roiSeries && roiSeries.length !== 1) throw new Error(`the ${input.roi.modality} series holds ${roiSeries.length} instances; expected one`);
      report(0.05, 'reading the images');
      const image = await imageOf(input, request.dicomweb, request.studyInstanceUID);
      pixelSources[input.sequence] = image.from;
      report(0.15, `placing ROI '${input.roi.label}' on the images`);
      const roiObject = roiSeries ? roiSeries[0] : (viewerRoiSegs[input.sequence] = viewerRoiSeg(input.viewerRoi!, input.roi.label, image));
      const mask = roiMask(roiObject, image.series, roiSeries ? input.roi.number : 1);
      report(0.2, 'extracting features');
      const extracted = extractFeatures(image.series.volume, mask, params, {
        onProgress: (fraction, message) => report(0.2 + 0.8 * fraction, message),
        onWarning: (message) => warnings.push(`${label}: ${message}`),
      });
      for (const [name, value] of Object.entries(extracted)) features[`${name}_${input.sequence}`] = value;
    } catch (error) {
      throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  onProgress({ fraction: 0.99, message: 'applying the signature' });
  const { warnings: signatureWarnings, ...result } = applySignature(card, features);
  onProgress({ fraction: 1, message: 'done' });
  const withSegs = Object.keys(viewerRoiSegs).length > 0 ? { viewerRoiSegs } : {};
  return { ...result, features, pixelSources, ...withSegs, warnings: [...warnings, ...signatureWarnings], elapsedMs: performance.now() - started };
}

/** The card's signature on the extracted features; a feature that is NaN or absent stops it with its name. */
export function applySignature(card: ModelCard, features: Readonly<Record<string, number>>) {
  const unusable = card.features.filter((f) => !Number.isFinite(features[f.name]));
  if (unusable.length > 0) {
    throw new Error(
      `The signature cannot be applied: ${unusable.map((f) => `${f.name} = ${features[f.name] ?? 'not computed'}`).join(', ')}. ` +
        'Check that the ROI covers the tumour on every sequence (a tiny or flat ROI makes texture features undefined).',
    );
  }
  const prediction = predictRisk(card, features);
  const explained = explainPrediction(card, features, prediction);
  return {
    probability: prediction.probability,
    riskGroup: prediction.riskGroup,
    riskGroupLabel: prediction.riskGroupLabel,
    threshold: prediction.threshold,
    card: summarise(card),
    signatureFeatures: card.features.map((f) => ({ name: f.name, sequence: f.sequence, value: prediction.values[f.name], z: prediction.z[f.name] })),
    insights: explained.insights,
    warnings: explained.warning ? [explained.warning] : [],
  };
}

/** The voxel map of one card feature on its sequence, with the card's extraction params, and the ROI's 2D diameter. */
export async function computeFeatureMap(request: FeatureMapRequest, onProgress: (progress: ComputeProgress) => void): Promise<FeatureMapResult> {
  const started = performance.now();
  const card = await usableCard(request.cardUrl);
  const { input, feature } = request;
  const label = SEQUENCE_LABEL[input.sequence];
  const suffix = `_${input.sequence}`;
  if (!feature.endsWith(suffix)) throw new Error(`Feature '${feature}' is not computed on ${label}.`);
  const report = (fraction: number, message: string) => onProgress({ fraction, message: `${label}: ${message}` });
  try {
    report(0, `reading ${input.roi.modality} '${input.roi.label}'`);
    const roiSeries = input.viewerRoi ? null : await fetchPart10Series(request.dicomweb, request.studyInstanceUID, input.roi.seriesInstanceUID);
    if (roiSeries && roiSeries.length !== 1) throw new Error(`the ${input.roi.modality} series holds ${roiSeries.length} instances; expected one`);
    report(0.05, 'reading the images');
    const image = await imageOf(input, request.dicomweb, request.studyInstanceUID);
    const mask = roiSeries ? roiMask(roiSeries[0], image.series, input.roi.number) : roiMask(viewerRoiSeg(input.viewerRoi!, input.roi.label, image), image.series, 1);
    report(0.15, 'computing the feature map');
    const map = featureMap(image.series.volume, mask, cardParams(card), feature.slice(0, -suffix.length), request.kernelRadius, (fraction, message) =>
      report(0.15 + 0.85 * fraction, message),
    );
    return { feature, sequence: input.sequence, seriesInstanceUID: input.seriesInstanceUID, map, diameter: diameterLine(mask), elapsedMs: performance.now() - started };
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reader A vs reader B: both ROIs placed on every sequence of the card (mapped from the series they were drawn on
 * through patient coordinates), features with the card's extraction params, each reader's prediction, and Dice, HD95 and
 * volumes on the `compareOn` grid.
 */
export async function computeComparison(request: CompareRequest, onProgress: (progress: ComputeProgress) => void): Promise<CompareResult> {
  const started = performance.now();
  const card = await usableCard(request.cardUrl);
  const source = request.dicomweb;
  const images: Record<string, SeriesVolume> = {};
  const read: { series: SeriesVolume; instances: DicomDataset[] }[] = [];
  for (const [n, input] of request.images.entries()) {
    onProgress({ fraction: (0.1 * n) / request.images.length, message: `${SEQUENCE_LABEL[input.sequence]}: reading the images` });
    try {
      const image = await imageOf(input, source, request.studyInstanceUID);
      images[input.sequence] = image.series;
      read.push(image);
    } catch (error) {
      throw new Error(`${SEQUENCE_LABEL[input.sequence]}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const imagesOf = async (uid: string) => {
    const known = read.find((image) => image.series.seriesInstanceUID === uid);
    if (known) return known;
    const instances = await fetchImageSeries(source, request.studyInstanceUID, uid);
    return { series: imageSeriesToVolume(instances), instances };
  };
  const readers = [];
  const viewerRoiSegs: NonNullable<CompareResult['viewerRoiSegs']> = {};
  for (const [n, reader] of request.readers.entries()) {
    const drawnOnUid = reader.drawnOnSeriesInstanceUID;
    if (reader.viewerRoi) {
      onProgress({ fraction: 0.1, message: `placing '${reader.label}' drawn in the viewer on its images` });
      if (!drawnOnUid) throw new Error(`${reader.readerLabel}: an ROI drawn in the viewer needs the series it was drawn on`);
      const drawnOn = await imagesOf(drawnOnUid);
      let seg: DicomDataset;
      try {
        seg = viewerRoiSeg(reader.viewerRoi, reader.label, drawnOn);
      } catch (error) {
        throw new Error(`${reader.readerLabel}: ${error instanceof Error ? error.message : String(error)}`);
      }
      viewerRoiSegs[n === 0 ? 'A' : 'B'] = seg;
      readers.push({ label: reader.readerLabel, roiDataset: seg, number: 1, drawnOn: drawnOn.series });
      continue;
    }
    onProgress({ fraction: 0.1, message: `reading ${reader.modality} '${reader.label}'` });
    const roiSeries = await fetchPart10Series(source, request.studyInstanceUID, reader.seriesInstanceUID);
    if (roiSeries.length !== 1) throw new Error(`${reader.readerLabel}: the ${reader.modality} series holds ${roiSeries.length} instances; expected one`);
    const drawnOn = drawnOnUid ? (await imagesOf(drawnOnUid)).series : undefined;
    readers.push({ label: reader.readerLabel, roiDataset: roiSeries[0], number: reader.number, drawnOn });
  }
  const comparison = compareReadersOnStudy({
    images,
    compareOn: request.compareOn,
    readers: [readers[0], readers[1]],
    params: cardParams(card),
    card,
    onProgress: (fraction, message) => onProgress({ fraction: Math.min(0.99, 0.15 + 0.85 * fraction), message }),
  });
  const withSegs = Object.keys(viewerRoiSegs).length > 0 ? { viewerRoiSegs } : {};
  const readerRois = readers.map((reader) => roiReferenceOf(reader.roiDataset, reader.number)) as CompareResult['readerRois'];
  return { ...comparison, compareOn: request.compareOn, readers: request.readers, readerRois, ...withSegs, elapsedMs: performance.now() - started };
}

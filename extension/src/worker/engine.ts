/**
 * The one place where the worker meets the DICOM layer, the radiomics engine and the signature. Their own
 * modules document these functions; everything the worker needs from them goes through here.
 */
import { seriesToVolume } from '../dicom/series';
import type { SeriesVolume } from '../dicom/series';
import { roiToMask } from '../dicom/masks';
import type { DicomDataset } from '../dicom/dataset';
import { extract } from '../radiomics/extractor';
import { loadParams } from '../radiomics/params';
import type { Params } from '../radiomics/settings';
import type { Volume } from '../radiomics/image/volume';
import { validateCard } from '../signature/modelCard';
import type { ModelCard } from '../signature/modelCard';
import { predict } from '../signature/predict';
import type { Prediction } from '../signature/predict';
import { featureContributions } from '../signature/contributions';
import type { Contributions } from '../signature/contributions';
import { buildInsights } from '../panels/insights/viewModel';
import { extractVoxelMaps } from '../radiomics/voxel/extractVoxelMaps';
import { maximum2DDiameterSlice } from '../viewport/diameterLine';
import type { DiameterLine } from '../viewport/diameterLine';
import type { InsightsView } from '../panels/insights/viewModel';

export type { ModelCard, Prediction, SeriesVolume };

/** The card's extraction settings: the viewer extracts with exactly those the card's cohort was extracted with. */
export function cardParams(card: ModelCard): Params {
  try {
    return loadParams(card.extraction.params);
  } catch (error) {
    throw new Error(`Model card '${card.name}': its extraction params are not a valid PyRadiomics parameter file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function imageSeriesToVolume(instances: DicomDataset[]): SeriesVolume {
  return seriesToVolume(instances);
}

/** The mask of ROINumber / SegmentNumber `roiNumber` of an RTSTRUCT or SEG instance on the series' grid. */
export function roiMask(roiInstance: DicomDataset, series: SeriesVolume, roiNumber: number): Volume<Uint8Array> {
  return roiToMask(roiInstance, series, roiNumber);
}

export interface ExtractionHooks {
  onProgress: (fraction: number, message: string) => void;
  onWarning: (message: string) => void;
}

/** PyRadiomics-named features (`original_shape_Sphericity`) of one image and mask; diagnostics are left out. */
export function extractFeatures(image: Volume, mask: Volume, params: Params, hooks: ExtractionHooks): Record<string, number> {
  const result = extract(image, mask, params, {
    onProgress: (done, total, stage) => hooks.onProgress(total > 0 ? done / total : 0, stage),
    onWarning: hooks.onWarning,
  });
  const features: Record<string, number> = {};
  for (const [name, value] of Object.entries(result)) {
    if (!name.startsWith('diagnostics_') && typeof value === 'number') features[name] = value;
  }
  return features;
}

export function parseCard(json: unknown): ModelCard {
  return validateCard(json);
}

export function predictRisk(card: ModelCard, features: Readonly<Record<string, number>>): Prediction {
  return predict(card, features);
}

/**
 * The data of the panel's "Why this risk" plots. Contributions are left out, with the reason as a warning, when
 * the forest cannot be attributed exactly (contributions.ts limits the features per tree); never approximated.
 */
export function explainPrediction(
  card: ModelCard,
  features: Readonly<Record<string, number>>,
  prediction: Prediction,
): { insights: InsightsView; warning: string | null } {
  let contributions: Contributions | null = null;
  let warning: string | null = null;
  try {
    contributions = featureContributions(card, features);
  } catch (error) {
    warning = `Feature contributions are not shown: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { insights: buildInsights(card, prediction, contributions), warning };
}

/**
 * The voxel map of one PyRadiomics feature key (`original_glcm_Contrast`) with the extraction params, at
 * kernelRadius, on the ROI's bounding box; voxels outside the ROI are NaN so the overlay leaves them transparent.
 */
export function featureMap(image: Volume, mask: Volume, params: Params, key: string, kernelRadius: number, onProgress: (fraction: number, message: string) => void): Volume<Float64Array> {
  const withKernel: Params = { ...params, voxelSetting: { ...params.voxelSetting, kernelRadius, initValue: Number.NaN } };
  const maps = extractVoxelMaps(image, mask, withKernel, {
    features: [key],
    onProgress: (done, total, stage) => onProgress(total > 0 ? done / total : 0, stage),
  });
  const map = maps[key];
  if (!map) throw new Error(`No voxel map was computed for '${key}'.`);
  return map;
}

/** The ROI's maximum 2D (axial) diameter as a segment in patient space. */
export function diameterLine(mask: Volume): DiameterLine {
  return maximum2DDiameterSlice(mask);
}

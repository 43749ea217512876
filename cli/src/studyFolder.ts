import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textOf, type DicomDataset } from '../../extension/src/dicom/dataset';
import { readDicomFile } from '../../extension/src/dicom/node/load';
import { seriesToVolume, type SeriesVolume } from '../../extension/src/dicom/series';
import { classifyStudy } from '../../extension/src/panels/classify';
import { automaticSelection, SEQUENCES, SEQUENCE_LABEL, type RoiOption, type Sequence } from '../../extension/src/panels/model';
import { roiOptions, seriesOptions, type DisplaySetLike } from '../../extension/src/panels/studyData';

/** One sequence of a study folder as the viewer would choose it: its image series and the ROI to use on it. */
export interface StudySequence {
  sequence: Sequence;
  instances: DicomDataset[];
  series: SeriesVolume;
  roi: RoiOption;
  roiDataset: DicomDataset;
  /** The image series the ROI was drawn on, when it is in the folder (the ROI is mapped from there). */
  drawnOn?: SeriesVolume;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []))
    .sort();
}

const isPart10 = (path: string) => {
  const head = readFileSync(path).subarray(128, 132);
  return head.length === 4 && head.toString('latin1') === 'DICM';
};

/** The folder's DICOM objects grouped as the viewer's display sets (one per series); other files are counted. */
export async function readStudyFolder(dir: string): Promise<{ displaySets: DisplaySetLike[]; skipped: number }> {
  const bySeries = new Map<string, DicomDataset[]>();
  let skipped = 0;
  for (const file of filesUnder(dir)) {
    if (!isPart10(file)) {
      skipped++;
      continue;
    }
    const dataset = await readDicomFile(file);
    const uid = textOf(dataset, 'SeriesInstanceUID');
    if (!uid) throw new Error(`${file} has no SeriesInstanceUID`);
    bySeries.set(uid, [...(bySeries.get(uid) ?? []), dataset]);
  }
  const studies = new Set([...bySeries.values()].map((instances) => textOf(instances[0], 'StudyInstanceUID')));
  if (studies.size > 1) throw new Error(`${dir} holds ${studies.size} studies; give the folder of one study`);
  const displaySets = [...bySeries].map(([uid, instances]) => {
    const first = instances[0];
    return {
      displaySetInstanceUID: uid,
      StudyInstanceUID: textOf(first, 'StudyInstanceUID'),
      SeriesInstanceUID: uid,
      SeriesDescription: textOf(first, 'SeriesDescription'),
      SeriesNumber: first.SeriesNumber as number | string | undefined,
      Modality: textOf(first, 'Modality'),
      instances,
    };
  });
  return { displaySets, skipped };
}

/**
 * The series and ROI of each wanted sequence, matched as the viewer's panel does (panels/classify, automaticSelection):
 * the series classifier, then per sequence the ROI drawn on that series, else one in its frame of reference; with
 * `roiName` (an ROI label or number) only ROIs of that name are candidates. Missing pieces stop it with what is missing.
 */
export function studySequences(displaySets: readonly DisplaySetLike[], wanted: readonly Sequence[] | undefined, roiName?: string): StudySequence[] {
  const { assignments, perSeries } = classifyStudy(displaySets);
  const series = seriesOptions(displaySets, perSeries);
  const all = roiOptions(displaySets);
  const rois = roiName === undefined ? all : all.filter((r) => r.label === roiName || String(r.number) === roiName);
  if (rois.length === 0) throw new Error(`no ROI of the study is named or numbered ${roiName}; it has ${all.map((r) => `"${r.label}" (${r.modality} ${r.number})`).join(', ')}`);
  const selection = automaticSelection(series, rois, assignments);
  const sequences = wanted ?? SEQUENCES.filter((s) => selection.series[s].value);
  if (sequences.length === 0) throw new Error(`no MR series of the folder is recognised as T1, T2 or CE-T1 (${series.length} MR series)`);
  const volumes = new Map<string, SeriesVolume>();
  const volumeOf = (uid: string) => {
    if (!volumes.has(uid)) volumes.set(uid, seriesToVolume(displaySets.find((ds) => ds.SeriesInstanceUID === uid)!.instances as DicomDataset[]));
    return volumes.get(uid)!;
  };
  return sequences.map((sequence) => {
    const label = SEQUENCE_LABEL[sequence];
    const seriesUid = selection.series[sequence].value;
    if (!seriesUid) throw new Error(`no series of the folder is recognised as ${label}`);
    const roi = rois.find((r) => r.key === selection.roi[sequence].value);
    if (!roi) throw new Error(`no SEG or RTSTRUCT of the folder outlines the tumour on ${label} (none drawn on it or in its frame of reference)`);
    const roiDataset = displaySets.find((ds) => ds.SeriesInstanceUID === roi.sourceSeriesInstanceUID)!.instances![0] as DicomDataset;
    const drawnOnUid = series.find((s) => roi.referencedSeriesInstanceUIDs.includes(s.seriesInstanceUID))?.seriesInstanceUID;
    return {
      sequence,
      instances: displaySets.find((ds) => ds.SeriesInstanceUID === seriesUid)!.instances as DicomDataset[],
      series: volumeOf(seriesUid),
      roi,
      roiDataset,
      ...(drawnOnUid ? { drawnOn: volumeOf(drawnOnUid) } : {}),
    };
  });
}

import { join } from 'node:path';
import { fixturePath } from '../support/fixtures';
import { loadDicomImageAndMask, loadDicomSeries, readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { classifySeries, seriesInfoOf } from '../../extension/src/dicom/classify';
import { listRois, roiToMask } from '../../extension/src/dicom/masks';
import type { SeriesVolume } from '../../extension/src/dicom/series';
import { mapMaskToGrid } from '../../extension/src/dicom/mapping';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import { type ReferenceImage, type ReferenceMask, countOf, dice, expandRuns, loadReference, maxGeometryDifference, sha256Of } from './support';

interface Sts001Reference {
  series: Record<'T1' | 'T2', ReferenceImage>;
  plastimatch: Record<string, Record<string, ReferenceMask>>;
  mappedT1MassOnT2: ReferenceMask;
}

const reference = loadReference<Sts001Reference>('sts001.json');
const SEQUENCES = ['T1', 'T2'] as const;
const sequenceDir = (sequence: string) => fixturePath('mr_multiseq_sts001', 'STS_001', `MR_${sequence}`);

describe('STS_001: oblique T1 and T2 of one patient, an RTSTRUCT on each', () => {
  const series = {} as Record<(typeof SEQUENCES)[number], SeriesVolume>;
  const structureSets = {} as Record<(typeof SEQUENCES)[number], DicomDataset>;
  const firstInstances: DicomDataset[] = [];
  beforeAll(async () => {
    for (const sequence of SEQUENCES) {
      const instances = await readDicomImages(join(sequenceDir(sequence), 'image'));
      firstInstances.push(instances[0]);
      series[sequence] = await loadDicomSeries(join(sequenceDir(sequence), 'image'));
      structureSets[sequence] = await readDicomFile(join(sequenceDir(sequence), 'mask', '1-1.dcm'));
    }
  });

  test.each(SEQUENCES)('%s volume equals SimpleITK: voxels, pixel type, oblique geometry', (sequence) => {
    const { volume } = series[sequence];
    const expected = reference.series[sequence];
    expect(volume.size).toEqual(expected.size);
    expect(volume.pixelType).toBe(expected.pixelType);
    expect(sha256Of(volume.data, volume.pixelType)).toBe(expected.sha256);
    const difference = maxGeometryDifference(volume, expected);
    expect(difference.spacing).toBeLessThan(1e-6);
    expect(difference.origin).toBeLessThan(1e-4);
    expect(difference.direction).toBeLessThan(1e-9);
    // Slightly oblique: the direction is not the identity and the slice axis is the IOP normal.
    expect(Math.abs(volume.direction[5])).toBeGreaterThan(0.03);
  });

  test('both RTSTRUCTs list GTV_Mass and GTV_Edema', () => {
    for (const sequence of SEQUENCES) {
      expect(listRois(structureSets[sequence]).map((r) => r.name).sort()).toEqual(['GTV_Edema', 'GTV_Mass']);
    }
  });

  const combinations = SEQUENCES.flatMap((roiOn) => SEQUENCES.flatMap((grid) => ['GTV_Mass', 'GTV_Edema'].map((roi) => [roiOn, grid, roi] as const)));
  test.each(combinations)('RTSTRUCT of %s rasterised on the %s grid, %s: Dice >= 0.99 vs plastimatch', (roiOn, grid, roi) => {
    const mask = roiToMask(structureSets[roiOn], series[grid], roi);
    const expected = reference.plastimatch[`${roiOn}_on_${grid}`][roi];
    expect(mask.size).toEqual(series[grid].volume.size);
    expect(dice(mask.data, expandRuns(expected))).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(countOf(mask.data) - expected.count) / expected.count).toBeLessThanOrEqual(0.01);
  });

  test('the T1 ROI mapped onto the T2 grid through patient coordinates equals SimpleITK nearest neighbour', () => {
    const onT1 = roiToMask(structureSets.T1, series.T1, 'GTV_Mass');
    const mapped = mapMaskToGrid(onT1, series.T1.frameOfReferenceUID, series.T2);
    expect(mapped.size).toEqual(series.T2.volume.size);
    expect(dice(mapped.data, expandRuns(reference.mappedT1MassOnT2))).toBeGreaterThanOrEqual(0.999);
    // The mapped mask is close to rasterising the contours directly on the T2 grid.
    expect(dice(mapped.data, roiToMask(structureSets.T1, series.T2, 'GTV_Mass').data)).toBeGreaterThanOrEqual(0.97);
  });

  test('mapping refuses another frame of reference', () => {
    const onT1 = roiToMask(structureSets.T1, series.T1, 'GTV_Mass');
    expect(() => mapMaskToGrid(onT1, '1.2.3.4', series.T2)).toThrow(/frame of reference 1\.2\.3\.4 but the image is in/);
  });

  test('a folder holding the whole study: the series the RTSTRUCT references is taken', async () => {
    const study = fixturePath('mr_multiseq_sts001', 'STS_001');
    const { image, mask } = await loadDicomImageAndMask(study, join(sequenceDir('T2'), 'mask', '1-1.dcm'), { roi: 'GTV_Mass' });
    expect(image.size).toEqual(reference.series.T2.size);
    expect(countOf(mask.data)).toBe(reference.plastimatch.T2_on_T2.GTV_Mass.count);
  });

  test('series matching from the real headers: T1 and T2 found, CE-T1 missing', () => {
    const infos = firstInstances.map(seriesInfoOf);
    const result = classifySeries(infos);
    expect(result.assignments).toEqual({ T1: series.T1.seriesInstanceUID, T2: series.T2.seriesInstanceUID });
    expect(result.missing).toEqual(['CE-T1']);
    expect(result.perSeries[series.T1.seriesInstanceUID].reasons.join('; ')).toMatch(/"t1" in the name/);
  });
});

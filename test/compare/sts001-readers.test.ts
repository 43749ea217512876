/**
 * Second reader on real DICOM: STS_001's GTV_Mass drawn on T1 (RTSTRUCT rasterised on T1 by our DICOM layer and mapped
 * onto the T2 grid) vs drawn on T2, both used on the T2 image. The comparison goes into the SR (dciodvfy-clean) and
 * reads back; Dice and HD95 agree with scipy's on plastimatch's rasterisation of the same contours.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReaders } from '../../extension/src/compare';
import { mapMaskToGrid } from '../../extension/src/dicom/mapping';
import { roiToMask } from '../../extension/src/dicom/masks';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { seriesToVolume } from '../../extension/src/dicom/series';
import { buildPrnnSr, readPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10 } from '../../extension/src/dicom/sr';
import { extract } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { fixturePath, REPO_ROOT } from '../support/fixtures';
import { dciodvfy } from '../sr/dciodvfy';

const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'compare', 'compare.json'), 'utf8')).cases.sts001_t1_vs_t2.scipy as {
  dice: number;
  hausdorff95Mm: number;
};
const PARAMS = loadParams({ setting: { binWidth: 100, label: 1 }, imageType: { Original: {} }, featureClass: { firstorder: null } });
const workDir = mkdtempSync(join(tmpdir(), 'prnn-readers-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('T1-reader vs T2-reader GTV_Mass on the T2 grid: Dice/HD95 near the reference, stored in the SR and read back', async () => {
  const dir = (sequence: string) => fixturePath('mr_multiseq_sts001', 'STS_001', `MR_${sequence}`);
  const t1 = seriesToVolume(await readDicomImages(join(dir('T1'), 'image')));
  const t2Instances = await readDicomImages(join(dir('T2'), 'image'));
  const t2 = seriesToVolume(t2Instances);
  const rtT1 = await readDicomFile(join(dir('T1'), 'mask', '1-1.dcm'));
  const rtT2 = await readDicomFile(join(dir('T2'), 'mask', '1-1.dcm'));
  const maskA = mapMaskToGrid(roiToMask(rtT1, t1, 'GTV_Mass'), t1.frameOfReferenceUID, t2);
  const maskB = roiToMask(rtT2, t2, 'GTV_Mass');
  const featuresA = extract(t2.volume, maskA, PARAMS);
  const featuresB = extract(t2.volume, maskB, PARAMS);
  const comparison = compareReaders(
    { label: 'T1 GTV_Mass on T2', mask: maskA, features: featuresA, prediction: { probability: 0.48, riskGroup: 'low' } },
    { label: 'T2 GTV_Mass', mask: maskB, features: featuresB, prediction: { probability: 0.52, riskGroup: 'high' } },
  );
  // Our rasterisation differs from plastimatch's by a few boundary voxels (docs/dicom.md), so the agreement is close, not equal.
  expect(Math.abs(comparison.dice - reference.dice)).toBeLessThan(0.01);
  expect(Math.abs(comparison.hausdorff95Mm - reference.hausdorff95Mm)).toBeLessThanOrEqual(t2.volume.spacing[0] + 1e-9);
  const meanA = featuresA.original_firstorder_Mean as number;
  expect(comparison.relativeDifferences.original_firstorder_Mean).toBe(((featuresB.original_firstorder_Mean as number) - meanA) / Math.abs(meanA));
  expect(comparison.riskGroupChanged).toBe(true);

  const series = sourceSeriesOf(t2Instances);
  const sr = buildPrnnSr({
    studyInstance: t2Instances[0],
    measurements: [
      { sequence: 'T2', series, roi: roiReferenceOf(rtT1, 'GTV_Mass'), features: featuresA, trackingIdentifier: comparison.readerA },
      { sequence: 'T2', series, roi: roiReferenceOf(rtT2, 'GTV_Mass'), features: featuresB, trackingIdentifier: comparison.readerB },
    ],
    comparison,
    softwareVersion: 'prnn-ohif test',
    extractionSettings: JSON.stringify(PARAMS),
  });
  const path = join(workDir, 'comparison-sr.dcm');
  writeFileSync(path, toPart10(sr));
  const check = dciodvfy(path);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);
  const stored = readPrnnSr(await readDicomFile(path));
  expect(stored.sequences.map((s) => s.trackingIdentifier)).toEqual([comparison.readerA, comparison.readerB]);
  expect(stored.comparison).toEqual({
    readerA: comparison.readerA,
    readerB: comparison.readerB,
    dice: comparison.dice,
    hausdorff95Mm: comparison.hausdorff95Mm,
    volumeAMm3: comparison.volumeAMm3,
    volumeBMm3: comparison.volumeBMm3,
    relativeDifferences: comparison.relativeDifferences,
    probabilityDifference: comparison.probabilityDifference,
    riskGroupChanged: true,
  });
}, 120000);

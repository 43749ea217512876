/**
 * SEG writer: the STS_001 T2 GTV_Mass (from its RTSTRUCT, oblique grid) stored as a binary SEG passes dciodvfy and
 * reads back voxel for voxel through the DICOM layer's SEG reader (checked against dcmqi's NRRDs in test/dicom).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roiToMask } from '../../extension/src/dicom/masks';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { buildRoiSeg } from '../../extension/src/dicom/seg/write';
import { seriesToVolume } from '../../extension/src/dicom/series';
import { buildPrnnSr, readPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10 } from '../../extension/src/dicom/sr';
import { fixturePath } from '../support/fixtures';
import { dciodvfy } from './dciodvfy';

const workDir = mkdtempSync(join(tmpdir(), 'prnn-seg-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('ROI -> SEG: dciodvfy-clean, same voxels when read back, and an SR can reference its segment', async () => {
  const dir = fixturePath('mr_multiseq_sts001', 'STS_001', 'MR_T2');
  const instances = await readDicomImages(join(dir, 'image'));
  const series = seriesToVolume(instances);
  const mask = roiToMask(await readDicomFile(join(dir, 'mask', '1-1.dcm')), series, 'GTV_Mass');
  const segPath = join(workDir, 'roi-seg.dcm');
  writeFileSync(segPath, toPart10(buildRoiSeg({ mask, series, instances, segmentLabel: 'GTV_Mass', creatorName: 'Doe^Jane', softwareVersion: 'prnn-ohif test' })));
  const check = dciodvfy(segPath);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);

  const seg = await readDicomFile(segPath);
  const back = roiToMask(seg, series, 1);
  expect(back.size).toEqual(mask.size);
  let differing = 0;
  for (let p = 0; p < mask.data.length; p++) if ((mask.data[p] !== 0) !== (back.data[p] !== 0)) differing++;
  expect(differing).toBe(0);

  const srPath = join(workDir, 'sr-with-seg.dcm');
  writeFileSync(srPath, toPart10(buildPrnnSr({
    studyInstance: instances[0],
    measurements: [{ sequence: 'T2', series: sourceSeriesOf(instances), roi: roiReferenceOf(seg, 1), features: { original_shape_VoxelVolume: 1 } }],
    softwareVersion: 'prnn-ohif test',
    extractionSettings: '{}',
  })));
  expect(dciodvfy(srPath).errors).toEqual([]);
  expect(readPrnnSr(await readDicomFile(srPath)).sequences[0].roi).toMatchObject({ kind: 'SEG', number: 1, name: 'GTV_Mass', sopInstanceUID: seg.SOPInstanceUID });
});

test('a mask on another grid or an empty mask is refused', async () => {
  const dir = fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3');
  const instances = await readDicomImages(join(dir, 'image'));
  const series = seriesToVolume(instances);
  const empty = { ...series.volume, data: new Uint8Array(series.volume.data.length), pixelType: 'uint8' as const };
  expect(() => buildRoiSeg({ mask: empty, series, instances, segmentLabel: 'x', softwareVersion: 'v' })).toThrow(/empty/);
  expect(() => buildRoiSeg({ mask: { ...empty, spacing: [9, 9, 9] }, series, instances, segmentLabel: 'x', softwareVersion: 'v' })).toThrow(/not on the grid/);
});

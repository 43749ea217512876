/**
 * A segmentation drawn in the viewer (cornerstone labelmap slices on the series' images) -> mask on the series grid ->
 * DICOM SEG (dciodvfy-clean) that reads back voxel for voxel, and an SR that references its segment. The labelmap
 * stands in for what OHIF 3.13 holds: reader B's outline of the demo study as label 2 on the T2 images.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roiToMask } from '../../extension/src/dicom/masks';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { labelmapToMask } from '../../extension/src/dicom/seg/viewer';
import { buildRoiSeg } from '../../extension/src/dicom/seg/write';
import { seriesToVolume, type SeriesVolume } from '../../extension/src/dicom/series';
import { buildPrnnSr, readPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10 } from '../../extension/src/dicom/sr';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import type { Volume } from '../../extension/src/radiomics/image/volume';
import { ensureSamples } from '../../servers/samples/generate';
import { dciodvfy } from '../sr/dciodvfy';

const workDir = mkdtempSync(join(tmpdir(), 'prnn-viewer-seg-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let instances: DicomDataset[];
let series: SeriesVolume;
let readerB: Volume<Uint8Array>;

beforeAll(async () => {
  const demo = join(await ensureSamples(), 'demo');
  instances = await readDicomImages(join(demo, 't2'));
  series = seriesToVolume(instances);
  readerB = roiToMask(await readDicomFile(join(demo, 'seg-reader-b', 'tumour-seg.dcm')), series, 1);
}, 180_000);

/** The labelmap as cornerstone keeps it: one image per source slice (here only those with labels), label 2 = the ROI, 1 = another segment. */
function labelmapSlices(mask: Volume<Uint8Array>) {
  const plane = mask.size[0] * mask.size[1];
  return series.slices
    .map((slice, k) => {
      const labels = new Uint8Array(plane);
      for (let p = 0; p < plane; p++) labels[p] = mask.data[k * plane + p] ? 2 : p % 97 === 0 ? 1 : 0;
      return { sopInstanceUID: slice.sopInstanceUID, labels };
    })
    .reverse();
}

test('viewer labelmap -> mask -> SEG: dciodvfy-clean, same voxels when read back, referenced by the SR', async () => {
  const mask = labelmapToMask(series, labelmapSlices(readerB), 2);
  expect(mask.data).toEqual(readerB.data);
  const segPath = join(workDir, 'viewer-seg.dcm');
  writeFileSync(segPath, toPart10(buildRoiSeg({ mask, series, instances, segmentLabel: 'GTV drawn in the viewer', creatorName: 'Doe^Jane', softwareVersion: 'prnn-ohif test' })));
  const check = dciodvfy(segPath);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);
  const seg = await readDicomFile(segPath);
  expect(roiToMask(seg, series, 1).data).toEqual(readerB.data);

  const srPath = join(workDir, 'sr.dcm');
  writeFileSync(srPath, toPart10(buildPrnnSr({
    studyInstance: instances[0],
    measurements: [{ sequence: 'T2', series: sourceSeriesOf(instances), roi: roiReferenceOf(seg, 1), features: { original_shape_VoxelVolume: 7551.73125 } }],
    softwareVersion: 'prnn-ohif test',
    extractionSettings: '{}',
  })));
  expect(dciodvfy(srPath).errors).toEqual([]);
  expect(readPrnnSr(await readDicomFile(srPath)).sequences[0].roi).toEqual({ kind: 'SEG', sopInstanceUID: seg.SOPInstanceUID, number: 1, name: 'GTV drawn in the viewer' });
}, 120_000);

test('a labelmap slice of another series, of another size, or an empty segment is refused', () => {
  const [first] = labelmapSlices(readerB);
  expect(() => labelmapToMask(series, [{ ...first, sopInstanceUID: '1.2.3' }], 2)).toThrow(/image 1\.2\.3, which is not in series/);
  expect(() => labelmapToMask(series, [{ ...first, labels: new Uint8Array(10) }], 2)).toThrow(/holds 10 values; the images .* have 256 x 256/);
  expect(() => labelmapToMask(series, labelmapSlices(readerB), 3)).toThrow(/Segment 3 of the viewer's segmentation is empty/);
});

import { join } from 'node:path';
import { fixturePath } from '../support/fixtures';
import { withNativePixelData } from '../../extension/src/dicom/node/decode';
import { loadDicomImageAndMask, loadDicomSeries, readDicomFile } from '../../extension/src/dicom/node/load';
import { listRois } from '../../extension/src/dicom/masks';
import {
  type ReferenceImage,
  type ReferenceMask,
  countOf,
  dice,
  expandRuns,
  loadReference,
  maxGeometryDifference,
  sameBytes,
  sha256Of,
} from './support';

interface Sts025Reference {
  series: ReferenceImage;
  niftiImage: ReferenceImage;
  niftiMask: ReferenceMask;
  plastimatch: Record<string, ReferenceMask>;
}

const reference = loadReference<Sts025Reference>('sts025.json');
const caseDir = () => fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1');

describe('STS_025 MR T1 + RTSTRUCT (contour image references do not resolve)', () => {
  let loaded: Awaited<ReturnType<typeof loadDicomImageAndMask>>;
  beforeAll(async () => {
    loaded = await loadDicomImageAndMask(join(caseDir(), 'image'), join(caseDir(), 'mask', 'RS.dcm'), {});
  });

  test('volume equals SimpleITK ImageSeriesReader: pixel type, voxels, geometry', () => {
    const { image } = loaded;
    expect(image.size).toEqual(reference.series.size);
    expect(image.pixelType).toBe(reference.series.pixelType);
    expect(sha256Of(image.data, image.pixelType)).toBe(reference.series.sha256);
    const difference = maxGeometryDifference(image, reference.series);
    expect(difference.spacing).toBeLessThan(1e-9);
    expect(difference.origin).toBeLessThan(1e-9);
    expect(difference.direction).toBeLessThan(1e-12);
  });

  test('volume equals the NIfTI image: identical voxels, geometry within 1e-4 mm', () => {
    const { image } = loaded;
    expect(image.size).toEqual(reference.niftiImage.size);
    expect(sha256Of(image.data, reference.niftiImage.pixelType)).toBe(reference.niftiImage.sha256);
    const difference = maxGeometryDifference(image, reference.niftiImage);
    expect(difference.spacing).toBeLessThan(1e-4);
    expect(difference.origin).toBeLessThan(1e-4);
    expect(difference.direction).toBeLessThan(1e-6);
  });

  test('RTSTRUCT mask vs the NIfTI mask: Dice >= 0.98, voxel counts within 2 %', () => {
    const expected = expandRuns(reference.niftiMask);
    const ours = countOf(loaded.mask.data);
    expect(dice(loaded.mask.data, expected)).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(ours - reference.niftiMask.count) / reference.niftiMask.count).toBeLessThanOrEqual(0.02);
  });

  test('RTSTRUCT mask vs plastimatch on the same input: Dice >= 0.98, counts within 2 %', () => {
    const plastimatch = reference.plastimatch.GTV_Mass_MR_T1;
    const ours = countOf(loaded.mask.data);
    expect(dice(loaded.mask.data, expandRuns(plastimatch))).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(ours - plastimatch.count) / plastimatch.count).toBeLessThanOrEqual(0.02);
  });

  test('the mask has the grid of the image', () => {
    const { image, mask } = loaded;
    expect(mask.pixelType).toBe('uint8');
    expect([mask.size, mask.spacing, mask.origin, mask.direction]).toEqual([image.size, image.spacing, image.origin, image.direction]);
  });

  test('lists the ROIs and picks one by name or number', async () => {
    const rt = await readDicomFile(join(caseDir(), 'mask', 'RS.dcm'));
    expect(listRois(rt).map(({ number, name }) => ({ number, name }))).toEqual([{ number: 1, name: 'GTV_Mass_MR_T1' }]);
    const series = await loadDicomSeries(join(caseDir(), 'image'));
    const byName = await loadDicomImageAndMask(join(caseDir(), 'image'), join(caseDir(), 'mask', 'RS.dcm'), { roi: 'gtv_mass_mr_t1' });
    const byNumber = await loadDicomImageAndMask(join(caseDir(), 'image'), join(caseDir(), 'mask', 'RS.dcm'), { roi: 1 });
    expect(sameBytes(byName.mask.data, loaded.mask.data)).toBe(true);
    expect(sameBytes(byNumber.mask.data, loaded.mask.data)).toBe(true);
    expect(series.frameOfReferenceUID).toBe('1.3.6.1.4.1.14519.5.2.1.5168.1900.250521519029618251795529097055');
    await expect(loadDicomImageAndMask(join(caseDir(), 'image'), join(caseDir(), 'mask', 'RS.dcm'), { roi: 'GTV_Edema' })).rejects.toThrow(
      /no ROI "GTV_Edema" in the RTSTRUCT; it holds 1 "GTV_Mass_MR_T1"/,
    );
  });

  test('other compressed transfer syntaxes are refused with their name', async () => {
    const image = await readDicomFile(join(caseDir(), 'image', '000000.dcm'));
    for (const [uid, name] of [
      ['1.2.840.10008.1.2.4.50', 'JPEG Baseline'],
      ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless Only'],
      ['1.2.840.10008.1.2.5', 'RLE Lossless'],
      ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian'],
    ]) {
      expect(() => withNativePixelData({ ...image, TransferSyntaxUID: uid }, 'x.dcm')).toThrow(`x.dcm: transfer syntax ${uid} (${name}`);
    }
  });
});

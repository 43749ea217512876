import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dcmjs, toArrayBuffer } from '../../servers/dcmjs';
import { ensureSamples } from '../../servers/samples/generate';
import { uidFor } from '../../servers/samples/uids';

type Dataset = Record<string, any>;

function read(file: string): Dataset {
  const message = dcmjs.data.DicomMessage.readFile(toArrayBuffer(readFileSync(file)));
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict);
}

function dciodvfyErrors(file: string): string[] {
  const binary = '/usr/bin/dciodvfy';
  if (!existsSync(binary)) throw new Error('dciodvfy is not installed: `apt-get install -y dicom3tools`');
  let output: string;
  try {
    output = execFileSync(binary, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  return output.split('\n').filter((line) => line.startsWith('Error'));
}

/** Even–odd rule: is (x, y) inside the closed polygon? */
function insidePolygon(x: number, y: number, polygon: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('synthetic sample studies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await ensureSamples();
  }, 180_000);

  it('has T1, T2 and CE-T1 with realistic MR headers on a 0.45 mm x 3.5 mm axial grid', () => {
    const series = { t1: read(join(dir, 'demo', 't1', '010.dcm')), t2: read(join(dir, 'demo', 't2', '010.dcm')), t1c: read(join(dir, 'demo', 't1c', '010.dcm')) };
    expect(series.t1.PatientName).toEqual([{ Alphabetic: 'SYNTHETIC^PRNN^DEMO' }]);
    expect([series.t1.SeriesDescription, series.t2.SeriesDescription, series.t1c.SeriesDescription]).toEqual(['t1_tse_tra', 't2_tse_fs_tra', 't1_tse_fs_tra_post']);
    expect(series.t1c.ContrastBolusAgent).toBe('Gadovist');
    expect(series.t1.ContrastBolusAgent).toBeUndefined();
    expect(series.t2.RepetitionTime).toBeGreaterThan(series.t1.RepetitionTime * 4);
    expect(series.t2.EchoTime).toBeGreaterThan(series.t1.EchoTime * 4);
    for (const image of Object.values(series)) {
      expect(image.Manufacturer).toBe('SYNTHETIC');
      expect(image.MagneticFieldStrength).toBe(3);
      expect(image.PixelSpacing).toEqual([0.45, 0.45]);
      expect(image.SliceThickness).toBe(3.5);
      expect([image.Rows, image.Columns]).toEqual([256, 256]);
      expect(image.ImageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
      expect(image.FrameOfReferenceUID).toBe(series.t1.FrameOfReferenceUID);
    }
    expect(series.t1.StudyInstanceUID).toBe(uidFor('demo/study'));
  });

  it('passes dciodvfy with no errors (MR image, SEG, RTSTRUCT)', () => {
    for (const file of ['demo/t1c/010.dcm', 'demo/seg/tumour-seg.dcm', 'demo/seg-reader-b/tumour-seg.dcm', 'demo/rtstruct/tumour-rtstruct.dcm', 'no-cet1/seg/tumour-seg.dcm']) {
      expect({ file, errors: dciodvfyErrors(join(dir, file)) }).toEqual({ file, errors: [] });
    }
  });

  it('has a SEG and an RTSTRUCT that outline the same tumour (Dice > 0.9 on every slice)', () => {
    const seg = read(join(dir, 'demo', 'seg', 'tumour-seg.dcm'));
    const rt = read(join(dir, 'demo', 'rtstruct', 'tumour-rtstruct.dcm'));
    const t1 = read(join(dir, 'demo', 't1', '001.dcm'));
    expect(rt.ReferencedFrameOfReferenceSequence.FrameOfReferenceUID ?? rt.ReferencedFrameOfReferenceSequence[0].FrameOfReferenceUID).toBe(seg.FrameOfReferenceUID);
    const bits = new Uint8Array(seg.PixelData[0] ?? seg.PixelData);
    const plane = seg.Rows * seg.Columns;
    const contours = [rt.ROIContourSequence].flat()[0].ContourSequence;
    const frames = [seg.PerFrameFunctionalGroupsSequence].flat();
    expect(frames.length).toBe([contours].flat().length);
    const [x0, y0] = t1.ImagePositionPatient;
    const spacing = t1.PixelSpacing[0];
    frames.forEach((frame: Dataset, f: number) => {
      const z = [frame.PlanePositionSequence].flat()[0].ImagePositionPatient[2];
      const contour = [contours].flat().find((c: Dataset) => Math.abs(c.ContourData[2] - z) < 1e-3);
      expect(contour).toBeDefined();
      const polygon: number[][] = [];
      for (let p = 0; p < contour.ContourData.length; p += 3) polygon.push([contour.ContourData[p], contour.ContourData[p + 1]]);
      let both = 0, inSeg = 0, inRt = 0;
      for (let i = 0; i < plane; i++) {
        const bit = f * plane + i;
        const segOn = (bits[bit >> 3] >> (bit & 7)) & 1;
        const rtOn = insidePolygon(x0 + (i % seg.Columns) * spacing, y0 + Math.floor(i / seg.Columns) * spacing, polygon);
        inSeg += segOn;
        inRt += rtOn ? 1 : 0;
        both += segOn && rtOn ? 1 : 0;
      }
      expect((2 * both) / (inSeg + inRt)).toBeGreaterThan(0.9);
    });
  });

  it('shows the tumour with a different contrast on each sequence', () => {
    const seg = read(join(dir, 'demo', 'seg', 'tumour-seg.dcm'));
    const frame = [seg.PerFrameFunctionalGroupsSequence].flat()[Math.floor([seg.PerFrameFunctionalGroupsSequence].flat().length / 2)];
    const sourceUid = [[frame.DerivationImageSequence].flat()[0].SourceImageSequence].flat()[0].ReferencedSOPInstanceUID;
    const bits = new Uint8Array(seg.PixelData[0] ?? seg.PixelData);
    const plane = seg.Rows * seg.Columns;
    const frameIndex = [seg.PerFrameFunctionalGroupsSequence].flat().indexOf(frame);
    const sliceFile = ['t1', 't2', 't1c'].map((s) => {
      for (let k = 1; k <= 20; k++) {
        const file = join(dir, 'demo', s, `${String(k).padStart(3, '0')}.dcm`);
        const image = read(file);
        if (Math.abs(image.ImagePositionPatient[2] - [frame.PlanePositionSequence].flat()[0].ImagePositionPatient[2]) < 1e-3) return image;
      }
      throw new Error(`no ${s} slice at the SEG frame`);
    });
    expect(sliceFile[2].SOPInstanceUID).toBe(sourceUid);
    const ratios = sliceFile.map((image) => {
      const pixels = new Uint16Array(image.PixelData[0]);
      let inside = 0, n = 0, all = 0;
      for (let i = 0; i < plane; i++) {
        const bit = frameIndex * plane + i;
        all += pixels[i];
        if ((bits[bit >> 3] >> (bit & 7)) & 1) {
          inside += pixels[i];
          n++;
        }
      }
      return inside / n / (all / plane);
    });
    // T1: tumour about as dark as the slice average; T2 and CE-T1: clearly brighter.
    expect(ratios[0]).toBeLessThan(1.2);
    expect(ratios[1]).toBeGreaterThan(1.4);
    expect(ratios[2]).toBeGreaterThan(1.4);
  });

  it("has reader B's SEG on T2: another reader, another series, another outline of the same tumour", () => {
    const a = read(join(dir, 'demo', 'seg', 'tumour-seg.dcm'));
    const b = read(join(dir, 'demo', 'seg-reader-b', 'tumour-seg.dcm'));
    const t2 = read(join(dir, 'demo', 't2', '001.dcm'));
    expect([a.ContentCreatorName, b.ContentCreatorName]).toEqual([[{ Alphabetic: 'SYNTHETIC^READER^A' }], [{ Alphabetic: 'SYNTHETIC^READER^B' }]]);
    expect(b.SeriesInstanceUID).not.toBe(a.SeriesInstanceUID);
    expect(b.SOPInstanceUID).not.toBe(a.SOPInstanceUID);
    expect([b.ReferencedSeriesSequence].flat()[0].SeriesInstanceUID).toBe(t2.SeriesInstanceUID);
    expect(b.FrameOfReferenceUID).toBe(a.FrameOfReferenceUID);
    expect(b.SeriesDescription).toBe('Tumour SEG reader B (t2_tse_fs_tra)');
  });

  it('has a second study without CE-T1', () => {
    expect(existsSync(join(dir, 'no-cet1', 't1c'))).toBe(false);
    expect(read(join(dir, 'no-cet1', 't2', '001.dcm')).PatientName).toEqual([{ Alphabetic: 'SYNTHETIC^PRNN^NOCET1' }]);
  });
});

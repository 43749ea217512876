import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diameterLine, featureMap } from '../../../extension/src/worker/engine';
import { loadParams } from '../../../extension/src/radiomics/params';
import { IDENTITY_DIRECTION } from '../../../extension/src/radiomics/image/volume';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { REPO_ROOT } from '../../support/fixtures';

const params = loadParams(readFileSync(join(REPO_ROOT, 'params', 'seed.yaml'), 'utf8'));

/** 16 x 16 x 4 at 0.5 x 0.5 x 3 mm (the seed grid, so no resampling changes values), an 6 x 6 x 2 ROI. */
function study(): { image: Volume<Int16Array>; mask: Volume<Uint8Array> } {
  const size: [number, number, number] = [16, 16, 4];
  const image = new Int16Array(16 * 16 * 4);
  const mask = new Uint8Array(image.length);
  for (let k = 0; k < 4; k++)
    for (let j = 0; j < 16; j++)
      for (let i = 0; i < 16; i++) {
        const n = i + 16 * (j + 16 * k);
        image[n] = 300 + ((i * 37 + j * 11 + k * 53) % 97);
        mask[n] = i >= 5 && i < 11 && j >= 5 && j < 11 && k >= 1 && k < 3 ? 1 : 0;
      }
  const geometry = { size, spacing: [0.5, 0.5, 3] as [number, number, number], origin: [-4, -4, 0] as [number, number, number], direction: IDENTITY_DIRECTION };
  return { image: { ...geometry, data: image, pixelType: 'int16' }, mask: { ...geometry, data: mask, pixelType: 'uint8' } };
}

describe('worker: feature map step', () => {
  test('one map for the requested feature, NaN outside the ROI so the overlay leaves it transparent', () => {
    const { image, mask } = study();
    const progress: number[] = [];
    const map = featureMap(image, mask, params, 'original_glcm_Contrast', 1, (fraction) => progress.push(fraction));
    const inRoi = Array.from(map.data).filter(Number.isFinite);
    expect(inRoi.length).toBe(6 * 6 * 2);
    expect(map.data.length - inRoi.length).toBeGreaterThan(0);
    expect(inRoi.every((v) => v >= 0)).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  test('an unknown or shape feature is refused', () => {
    const { image, mask } = study();
    expect(() => featureMap(image, mask, params, 'original_shape_Maximum3DDiameter', 1, () => undefined)).toThrow(/first-order and texture/);
  });

  test('the diameter line of the ROI: the 6 x 6 square diagonal between edge midpoints', () => {
    const line = diameterLine(study().mask);
    // Vertices at i = 4.5 / 10.5 (rows 5..10) and j = 4.5 / 10.5: the longest pair is (4.5, 5)-(10.5, 10) or its mirror.
    expect(line.diameter).toBeCloseTo(0.5 * Math.hypot(6, 5), 12);
  });
});

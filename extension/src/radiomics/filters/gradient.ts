import type { Settings } from '../settings';
import type { Volume } from '../image/volume';
import { onSameGrid, type DerivedImage } from './derivedImage';

/**
 * ITK GradientMagnitudeImageFilter as SimpleITK runs it (float32 output): central differences
 * (f[i-1] - f[i+1]) / 2, divided by the spacing when `useImageSpacing`, with zero-flux Neumann borders (the edge
 * voxel repeated), the image direction ignored. The inner product keeps ITK's three terms and their order, in double.
 */
export function gradientMagnitude(image: Volume, useImageSpacing: boolean): Float32Array {
  const [nx, ny, nz] = image.size;
  const values = image.data;
  const out = new Float32Array(values.length);
  const outer = [0, 1, 2].map((d) => {
    const spacing = image.spacing[d];
    if (useImageSpacing && spacing === 0) throw new Error('Image spacing cannot be zero.');
    return useImageSpacing ? 0.5 * (1.0 / spacing) : 0.5;
  });
  const centre = outer.map((c) => 0 * c);
  const strides = [1, nx, nx * ny];
  const counts = [nx, ny, nz];
  const index = [0, 0, 0];
  for (let k = 0, p = 0; k < nz; k++) {
    index[2] = k;
    for (let j = 0; j < ny; j++) {
      index[1] = j;
      for (let i = 0; i < nx; i++, p++) {
        index[0] = i;
        let sum = 0;
        for (let d = 0; d < 3; d++) {
          const before = index[d] > 0 ? p - strides[d] : p;
          const after = index[d] < counts[d] - 1 ? p + strides[d] : p;
          let g = 0;
          g += outer[d] * values[before];
          g += centre[d] * values[p];
          g += -outer[d] * values[after];
          sum += g * g;
        }
        out[p] = Math.sqrt(sum);
      }
    }
  }
  return out;
}

/** PyRadiomics getGradientImage: the gradient magnitude, in physical units unless gradientUseSpacing is false. */
export function* getGradientImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const magnitude = gradientMagnitude(image, settings.gradientUseSpacing ?? true);
  yield { imageTypeName: 'gradient', image: onSameGrid(image, magnitude, 'float32'), settings };
}

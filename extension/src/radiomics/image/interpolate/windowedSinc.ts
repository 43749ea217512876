/**
 * itk::WindowedSincInterpolateImageFunction as SimpleITK's sitk*WindowedSinc interpolators instantiate it: radius 5,
 * zero-flux Neumann boundary (indices clamped to the image), one of five windows. Per axis, the 10 weights
 * w(x) * sinc(x) for the offsets -4..5 from the voxel below the index (a delta when the index is on a voxel); the
 * 1000 neighbours are summed x fastest, each value multiplied by the x, y, z weights in turn, as ITK does.
 * Sines and cosines come from JavaScript's Math, which may differ from the C library's in the last bit.
 */
import type { Volume } from '../volume';
import type { Interpolate } from './index';

export type SincWindow = 'hamming' | 'cosine' | 'welch' | 'lanczos' | 'blackman';

const RADIUS = 5;
const WINDOW_SIZE = 2 * RADIUS;

const WINDOWS: Record<SincWindow, (x: number) => number> = {
  hamming: (x) => 0.54 + 0.46 * Math.cos(x * (Math.PI / RADIUS)),
  cosine: (x) => Math.cos(x * (Math.PI / (2 * RADIUS))),
  welch: (x) => 1.0 - x * (1.0 / (RADIUS * RADIUS)) * x,
  lanczos: (x) => {
    if (x === 0.0) return 1.0;
    const z = (Math.PI / RADIUS) * x;
    return Math.sin(z) / z;
  },
  blackman: (x) => 0.42 + 0.5 * Math.cos(x * (Math.PI / RADIUS)) + 0.08 * Math.cos(x * ((2.0 * Math.PI) / RADIUS)),
};

function sinc(x: number): number {
  const px = Math.PI * x;
  return x === 0.0 ? 1.0 : Math.sin(px) / px;
}

export function windowedSincInterpolator(input: Volume, window: SincWindow): Interpolate {
  const [nx, ny, nz] = input.size;
  const data = input.data;
  const windowFunction = WINDOWS[window];
  const weights = [new Float64Array(WINDOW_SIZE), new Float64Array(WINDOW_SIZE), new Float64Array(WINDOW_SIZE)];
  const indices = [new Int32Array(WINDOW_SIZE), new Int32Array(WINDOW_SIZE), new Int32Array(WINDOW_SIZE)];
  const sizes = [nx, ny, nz];
  const strides = [1, nx, nx * ny];
  return (ci, cj, ck) => {
    const index = [ci, cj, ck];
    for (let d = 0; d < 3; d++) {
      const base = Math.floor(index[d]);
      const distance = index[d] - base;
      const w = weights[d];
      if (distance === 0.0) {
        for (let i = 0; i < WINDOW_SIZE; i++) w[i] = i === RADIUS - 1 ? 1 : 0;
      } else {
        let x = distance + RADIUS;
        for (let i = 0; i < WINDOW_SIZE; i++) {
          x -= 1.0;
          w[i] = windowFunction(x) * sinc(x);
        }
      }
      // weight i belongs to offset i - 4; the boundary condition clamps the neighbour into the image
      const last = sizes[d] - 1;
      for (let i = 0; i < WINDOW_SIZE; i++) {
        const n = base + i - (RADIUS - 1);
        indices[d][i] = (n < 0 ? 0 : n > last ? last : n) * strides[d];
      }
    }
    const [wx, wy, wz] = weights;
    const [ix, iy, iz] = indices;
    let value = 0;
    for (let c = 0; c < WINDOW_SIZE; c++) {
      for (let b = 0; b < WINDOW_SIZE; b++) {
        const row = iz[c] + iy[b];
        for (let a = 0; a < WINDOW_SIZE; a++) {
          let v = data[row + ix[a]];
          v *= wx[a];
          v *= wy[b];
          v *= wz[c];
          value += v;
        }
      }
    }
    return value;
  };
}

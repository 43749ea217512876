import type { Random } from '../../cli/src/training/random';

/**
 * Smooth random texture in [-1, 1]: value noise on a lattice of `cellMm` spacing, trilinearly interpolated, so
 * neighbouring voxels are correlated the way tissue texture is.
 */
export function valueNoise(random: Random, cellMm: number, extentMm: number): (x: number, y: number, z: number) => number {
  const n = Math.ceil((2 * extentMm) / cellMm) + 2;
  const lattice = new Float32Array(n * n * n).map(() => random.next() * 2 - 1);
  const at = (i: number, j: number, k: number) => lattice[(Math.min(k, n - 1) * n + Math.min(j, n - 1)) * n + Math.min(i, n - 1)];
  return (x, y, z) => {
    const fx = Math.max(0, (x + extentMm) / cellMm);
    const fy = Math.max(0, (y + extentMm) / cellMm);
    const fz = Math.max(0, (z + extentMm) / cellMm);
    const i = Math.floor(fx), j = Math.floor(fy), k = Math.floor(fz);
    const tx = fx - i, ty = fy - j, tz = fz - k;
    const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
    return lerp(
      lerp(lerp(at(i, j, k), at(i + 1, j, k), tx), lerp(at(i, j + 1, k), at(i + 1, j + 1, k), tx), ty),
      lerp(lerp(at(i, j, k + 1), at(i + 1, j, k + 1), tx), lerp(at(i, j + 1, k + 1), at(i + 1, j + 1, k + 1), tx), ty),
      tz,
    );
  };
}

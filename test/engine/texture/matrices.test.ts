import { glcmMatrix } from '../../../extension/src/radiomics/features/glcm';
import { gldmMatrix } from '../../../extension/src/radiomics/features/gldm';
import { glrlmMatrix } from '../../../extension/src/radiomics/features/glrlm';
import { glszmMatrix } from '../../../extension/src/radiomics/features/glszm';
import { ngtdmMatrix } from '../../../extension/src/radiomics/features/ngtdm';
import { fixturePath } from '../../support/fixtures';
import type { ReferenceMatrix } from './reference';
import { FEATURES, inputOf, MATRICES, readNpy } from './reference';

/** Our matrix in PyRadiomics' layout (numpy C order of its shape without the voxel axis). */
type Reordered = (number | null)[];

function expectClose(actual: Reordered, expected: ReferenceMatrix['values'], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  const bad = expected.flatMap((e, k) => {
    const a = actual[k];
    if (e === null || a === null || Number.isNaN(a)) return e === null && (a === null || Number.isNaN(a)) ? [] : [k];
    return Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)) ? [] : [k];
  });
  expect(bad.map((k) => ({ index: k, actual: actual[k], expected: expected[k] }))).toEqual([]);
}

/** P_glcm: ours [angle][i][j] -> PyRadiomics (i, j, angle). */
function glcmAsPyRadiomics(caseName: string, variation: string): { shape: number[]; values: Reordered } {
  const m = glcmMatrix(inputOf(caseName, FEATURES.variations[variation]));
  const n = m.levels;
  const values: Reordered = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = 0; a < m.angles; a++) values.push(m.P[(a * n + i) * n + j]);
  return { shape: [n, n, m.angles], values };
}

/** P_glrlm: ours [angle][grey level][run length] -> PyRadiomics (grey level, run length, angle). */
function glrlmAsPyRadiomics(caseName: string, variation: string): { shape: number[]; values: Reordered } {
  const m = glrlmMatrix(inputOf(caseName, FEATURES.variations[variation]));
  const levels = m.grayLevels.length;
  const runs = m.runLengths.length;
  const values: Reordered = [];
  for (let g = 0; g < levels; g++) {
    for (let r = 0; r < runs; r++) for (let a = 0; a < m.angles; a++) values.push(m.P[(a * levels + g) * runs + r]);
  }
  return { shape: [levels, runs, m.angles], values };
}

/** P_glszm: same layout (grey level, zone size) as PyRadiomics. */
function glszmAsPyRadiomics(caseName: string, variation: string): { shape: number[]; values: Reordered } {
  const m = glszmMatrix(inputOf(caseName, FEATURES.variations[variation]));
  return { shape: [m.grayLevels.length, m.zoneSizes.length], values: Array.from(m.P) };
}

/** P_gldm: same layout (grey level, dependence size) as PyRadiomics. */
function gldmAsPyRadiomics(caseName: string, variation: string): { shape: number[]; values: Reordered } {
  const m = gldmMatrix(inputOf(caseName, FEATURES.variations[variation]));
  return { shape: [m.grayLevels.length, m.dependenceSizes.length], values: Array.from(m.P) };
}

/** P_ngtdm: rows (n_i, s_i, i) per grey level present, as PyRadiomics. */
function ngtdmAsPyRadiomics(caseName: string, variation: string): { shape: number[]; values: Reordered } {
  const m = ngtdmMatrix(inputOf(caseName, FEATURES.variations[variation]));
  return { shape: [m.grayLevels.length, 3], values: Array.from(m.grayLevels).flatMap((i, k) => [m.n[k], m.s[k], i]) };
}

const BUILDERS: Record<string, (caseName: string, variation: string) => { shape: number[]; values: Reordered }> = {
  glcm: glcmAsPyRadiomics,
  glrlm: glrlmAsPyRadiomics,
  glszm: glszmAsPyRadiomics,
  gldm: gldmAsPyRadiomics,
  ngtdm: ngtdmAsPyRadiomics,
};

const scenarios = Object.entries(MATRICES.matrices).flatMap(([caseName, variations]) =>
  Object.entries(variations).flatMap(([variation, classes]) =>
    Object.entries(classes)
      .filter(([className]) => BUILDERS[className])
      .map(([className, reference]) => [`${caseName} ${variation} P_${className}`, caseName, variation, className, reference] as const),
  ),
);

describe('texture matrices vs PyRadiomics 3.0.1 P_<class> (scripts/reference/texture_features.py)', () => {
  it.each(scenarios)('%s', (_name, caseName, variation, className, reference) => {
    const actual = BUILDERS[className](caseName, variation);
    expect(actual.shape).toEqual(reference.shape);
    expectClose(actual.values, reference.values, 1e-12);
  });
});

describe('texture matrices vs the PyRadiomics baseline .npy files (tests/test_matrices.py criterion < 1e-3)', () => {
  const baselines = ['brain1', 'brain2', 'breast1'].flatMap((caseName) =>
    Object.keys(BUILDERS).map((className) => [`${caseName}_${className}.npy`, caseName, className] as const),
  );
  it.each(baselines)('%s', (file, caseName, className) => {
    const baseline = readNpy(fixturePath('pyradiomics', 'data', 'baseline', file));
    const actual = BUILDERS[className](caseName, 'default');
    expect(actual.shape).toEqual(baseline.shape);
    // PyRadiomics' own test allows 1e-3; ours are the same matrices up to rounding.
    expectClose(actual.values, Array.from(baseline.data), 1e-12);
  });
});

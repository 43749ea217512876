/**
 * Reader comparison vs scipy (scripts/reference/compare_reference.py, MedPy's definitions) on the same masks:
 * STS_001's GTV_Mass from the T1 and the T2 RTSTRUCT on the T2 grid, and a synthetic anisotropic pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareMasks, compareReaders, compareWithStored, percentile, relativeDifference } from '../../extension/src/compare';
import type { Direction, Vec3, Volume } from '../../extension/src/radiomics/image/volume';
import { REPO_ROOT } from '../support/fixtures';

interface Geometry {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Direction;
}
interface Runs {
  runs: [number, number][];
}
interface Case {
  geometry: Geometry;
  maskA?: Runs;
  maskB?: Runs;
  scipy: { voxelsA: number; voxelsB: number; intersection: number; dice: number; hausdorff95Mm: number };
  plastimatch: { values: Record<string, number> };
}

const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'compare', 'compare.json'), 'utf8')) as { cases: Record<string, Case> };
const sts001 = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'dicom', 'sts001.json'), 'utf8')) as {
  mappedT1MassOnT2: Runs;
  plastimatch: { T2_on_T2: { GTV_Mass: Runs } };
};

function maskOf(geometry: Geometry, runs: Runs): Volume<Uint8Array> {
  const data = new Uint8Array(geometry.size[0] * geometry.size[1] * geometry.size[2]);
  for (const [start, length] of runs.runs) data.fill(1, start, start + length);
  return { ...geometry, data, pixelType: 'uint8' };
}

const masksOf = (name: string): [Volume<Uint8Array>, Volume<Uint8Array>] => {
  const c = reference.cases[name];
  if (name === 'sts001_t1_vs_t2') return [maskOf(c.geometry, sts001.mappedT1MassOnT2), maskOf(c.geometry, sts001.plastimatch.T2_on_T2.GTV_Mass)];
  return [maskOf(c.geometry, c.maskA!), maskOf(c.geometry, c.maskB!)];
};

describe('compareMasks matches scipy (MedPy definitions) on the same masks', () => {
  test.each(Object.keys(reference.cases))('%s: voxel counts, Dice and HD95', (name) => {
    const expected = reference.cases[name].scipy;
    const [a, b] = masksOf(name);
    const result = compareMasks(a, b);
    expect(result.voxelsA).toBe(expected.voxelsA);
    expect(result.voxelsB).toBe(expected.voxelsB);
    expect(result.intersection).toBe(expected.intersection);
    expect(result.dice).toBeCloseTo(expected.dice, 12);
    expect(result.hausdorff95Mm).toBeCloseTo(expected.hausdorff95Mm, 9);
    // plastimatch's Dice (printed with 6 decimals) agrees too.
    expect(Math.abs(result.dice - reference.cases[name].plastimatch.values.DICE)).toBeLessThan(1e-6);
    const spacing = a.spacing;
    expect(result.volumeAMm3).toBeCloseTo(expected.voxelsA * spacing[0] * spacing[1] * spacing[2], 6);
    expect(result.volumeDifferenceMm3).toBeCloseTo((expected.voxelsB - expected.voxelsA) * spacing[0] * spacing[1] * spacing[2], 6);
  });

  test('HD95 is symmetric and zero for identical masks', () => {
    const [a, b] = masksOf('synthetic_anisotropic');
    expect(compareMasks(b, a).hausdorff95Mm).toBeCloseTo(compareMasks(a, b).hausdorff95Mm, 12);
    expect(compareMasks(a, a).hausdorff95Mm).toBe(0);
    expect(compareMasks(a, a).dice).toBe(1);
  });

  test('masks on different grids or empty masks are refused', () => {
    const [a, b] = masksOf('synthetic_anisotropic');
    expect(() => compareMasks(a, { ...b, spacing: [1, 1, 1] })).toThrow(/different grids/);
    expect(() => compareMasks(a, { ...b, data: new Uint8Array(b.data.length) })).toThrow(/ROI B is empty/);
  });
});

describe('compareReaders', () => {
  test('relative feature differences, probability difference and risk-group change', () => {
    const [a, b] = masksOf('synthetic_anisotropic');
    const result = compareReaders(
      { label: 'reader A', mask: a, features: { original_shape_VoxelVolume: 200, original_glcm_Idmn: 0, original_firstorder_Mean: -4, diagnostics_x: 1, onlyA_x_y: 3 }, prediction: { probability: 0.4, riskGroup: 'low' } },
      { label: 'reader B', mask: b, features: { original_shape_VoxelVolume: 250, original_glcm_Idmn: 0, original_firstorder_Mean: -2, diagnostics_x: 2 }, prediction: { probability: 0.65, riskGroup: 'high' } },
    );
    expect(result.relativeDifferences).toEqual({ original_shape_VoxelVolume: 0.25, original_glcm_Idmn: 0, original_firstorder_Mean: 0.5 });
    expect(result.probabilityDifference).toBeCloseTo(0.25, 15);
    expect(result.riskGroupChanged).toBe(true);
    expect(relativeDifference(0, 1)).toBeNaN();
  });

  test('percentile interpolates linearly between ranks as numpy does', () => {
    expect(percentile(Float64Array.from([4, 1, 3, 2]), 95)).toBeCloseTo(3.85, 12);
    expect(percentile(Float64Array.from([7]), 95)).toBe(7);
  });
});

describe('compareWithStored (Recompute)', () => {
  const stored = {
    sopInstanceUID: '1', seriesInstanceUID: '2', studyInstanceUID: '3', contentDateTime: '2026-11-26T00:00:00Z', observer: {},
    sequences: [{ sequence: 'T2', trackingIdentifier: 'T2 GTV', trackingUID: '4', roi: { kind: 'RTSTRUCT' as const, sopInstanceUID: '5', number: 1, name: 'GTV' }, sourceSeriesInstanceUID: '6', features: { original_firstorder_Mean: 12.5, original_glcm_Idmn: NaN } }],
    signature: { card: { name: 'c', version: '1', sha256: 'x', notForClinicalUse: true }, probability: 0.25, threshold: 0.5, riskGroup: 'low' as const, riskGroupLabel: 'Low' },
  };

  test('identical numbers (NaN equal to NaN) are reported identical', () => {
    const check = compareWithStored(stored, { features: { T2: { original_firstorder_Mean: 12.5, original_glcm_Idmn: NaN, diagnostics_a: 'x' } }, probability: 0.25 });
    expect(check).toMatchObject({ identical: true, differences: [], message: 'Recomputed: identical to the stored result.' });
  });

  test('a changed, missing or extra feature and a changed probability are listed', () => {
    const check = compareWithStored(stored, { features: { T2: { original_firstorder_Mean: 12.500000000000002, original_shape_VoxelVolume: 3 } }, probability: 0.26 });
    expect(check.identical).toBe(false);
    expect(check.differences).toEqual([
      { sequence: 'T2', feature: 'original_firstorder_Mean', stored: 12.5, recomputed: 12.500000000000002 },
      { sequence: 'T2', feature: 'original_glcm_Idmn', stored: NaN, recomputed: undefined },
      { sequence: 'T2', feature: 'original_shape_VoxelVolume', stored: undefined, recomputed: 3 },
    ]);
    expect(check.message).toMatch(/3 feature value\(s\) differ .*probability stored 0\.25, now 0\.26/);
  });
});

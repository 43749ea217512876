/**
 * LoG image names for sigmas written as ints and as floats, through a YAML file and through object params, against
 * PyRadiomics 3.0.1 (test/reference/pipeline/log_sigma_names.json from scripts/reference/log_sigma_names.py).
 */
import { extract } from '../../../extension/src/radiomics/extractor';
import { loadParams } from '../../../extension/src/radiomics/params';
import { readFixtureImage, readReference } from '../../support/reference';

interface YamlCase {
  yaml: string;
  features: Record<string, number>;
}
interface ObjectCase {
  sigma: { value: number; pythonType: 'int' | 'float' }[];
  features: Record<string, number>;
}
const reference = readReference<Record<string, unknown>>('pipeline', 'log_sigma_names.json');
const yamlCases = ['yaml_int', 'yaml_float', 'yaml_mixed'].map((id) => [id, reference[id] as YamlCase] as const);
const objectCases = ['dict_int', 'dict_float', 'dict_mixed'].map((id) => [id, reference[id] as ObjectCase] as const);

const image = readFixtureImage('pyradiomics', 'data', 'breast1_image.nrrd');
const mask = readFixtureImage('pyradiomics', 'data', 'breast1_label.nrrd');

function features(params: ReturnType<typeof loadParams>): Record<string, number> {
  const result = extract(image, mask, params);
  return Object.fromEntries(Object.entries(result).filter(([key]) => !key.startsWith('diagnostics_'))) as Record<string, number>;
}

function expectSameFeatures(expected: Record<string, number>, actual: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) expect(actual[key]).toBeCloseTo(value, 6);
}

describe('LoG image names follow str(sigma) as PyRadiomics 3.0.1 writes them', () => {
  it.each(yamlCases)('%s: a YAML parameter file', (_id, { yaml, features: expected }) => {
    expectSameFeatures(expected, features(loadParams(yaml)));
  });

  it.each(objectCases)('%s: object params (bigint for a Python int, number for a Python float)', (_id, { sigma, features: expected }) => {
    const written = sigma.map(({ value, pythonType }) => (pythonType === 'int' ? BigInt(value) : value));
    expectSameFeatures(expected, features(loadParams({ imageType: { LoG: { sigma: written } }, featureClass: { firstorder: ['Mean'] } })));
  });

  it('the same file as JSON text keeps the int/float distinction of its literals', () => {
    const json = JSON.stringify({ imageType: { LoG: { sigma: [1, 3] } }, featureClass: { firstorder: ['Mean'] } });
    expect(loadParams(json).imageType.LoG.sigma).toEqual([1n, 3n]);
    expect(loadParams(json.replace('[1,3]', '[1.0,3.0]')).imageType.LoG.sigma).toEqual([1, 3]);
  });

  it('every other integer setting is a plain number, and diagnostics stay JSON-safe', () => {
    const params = loadParams('setting:\n  binWidth: 25\n  label: 1\nimageType:\n  LoG: {sigma: [1]}\n');
    expect(params.setting.binWidth).toBe(25);
    expect(params.setting.label).toBe(1);
    const result = extract(image, mask, { ...params, featureClass: { firstorder: ['Mean'] } });
    expect(result['diagnostics_Configuration_EnabledImageTypes']).toEqual({ LoG: { sigma: [1] } });
  });
});

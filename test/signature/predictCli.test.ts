import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

const REFERENCE_DIR = join(REPO_ROOT, 'test', 'reference', 'signature');
const reference = JSON.parse(readFileSync(join(REFERENCE_DIR, 'forest_predict_proba.json'), 'utf8')) as {
  featureNames: string[];
  rows: number[][];
  probability: { study: number[] };
};

function prnn(args: string[]): { stdout: string; status: number } {
  try {
    return { stdout: execFileSync('node', [join(REPO_ROOT, 'cli', 'bin', 'prnn.cjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), status: 0 };
  } catch (error) {
    const e = error as { stdout: string; status: number };
    return { stdout: e.stdout, status: e.status };
  }
}

describe('prnn predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prnn-predict-'));
  const card = join(REFERENCE_DIR, 'forest_study.card.json');

  it('prints scikit-learn probabilities for CSV rows, with the id column', () => {
    const csv = join(dir, 'rows.csv');
    const lines = reference.rows.slice(0, 3).map((row, i) => [`case${i}`, ...row.map((v) => String(v))].join(','));
    writeFileSync(csv, [['id', ...reference.featureNames].join(','), ...lines].join('\n'));
    const { stdout, status } = prnn(['predict', '--card', card, '--features', csv, '--json']);
    expect(status).toBe(0);
    const out = JSON.parse(stdout) as { notForClinicalUse: boolean; results: { id: string; probability: number; riskGroup: string }[] };
    expect(out.notForClinicalUse).toBe(true);
    expect(out.results.map((r) => r.id)).toEqual(['case0', 'case1', 'case2']);
    out.results.forEach((r, i) => expect(Math.abs(r.probability - reference.probability.study[i])).toBeLessThanOrEqual(1e-12));
  });

  it('fails with exit code 1 naming a missing feature in a JSON object', () => {
    const json = join(dir, 'one.json');
    const features = Object.fromEntries(reference.featureNames.slice(1).map((name, j) => [name, reference.rows[0][j + 1]]));
    writeFileSync(json, JSON.stringify(features));
    const { stdout, status } = prnn(['predict', '--card', card, '--features', json]);
    expect(status).toBe(1);
    expect(stdout).toContain(`${reference.featureNames[0]} (absent)`);
  });
});

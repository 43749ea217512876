/**
 * IBSI-1 digital phantom: our values equal PyRadiomics 3.0.1's (1e-6 relative), and docs/conformance.md shows the
 * current table of ours / IBSI / PyRadiomics (regenerate with `npm run docs:conformance`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixtures';
import { extractIbsiPhantom, ibsiTable, loadIbsiReference } from './ibsi.support';

const reference = loadIbsiReference();

describe('IBSI-1 digital phantom', () => {
  let ours: Record<string, unknown> = {};
  beforeAll(() => {
    ours = extractIbsiPhantom(reference);
  });

  it('gives PyRadiomics 3.0.1 values for every feature with an IBSI counterpart', () => {
    const off = reference.rows.filter((row) => {
      const value = ours[row.feature];
      if (row.pyradiomics === null) return !(typeof value === 'number' && Number.isNaN(value));
      return typeof value !== 'number' || Math.abs(value - row.pyradiomics) > 1e-6 * Math.max(1e-3, Math.abs(row.pyradiomics));
    });
    expect(off.map((row) => `${row.feature}: PyRadiomics ${row.pyradiomics}, ours ${String(ours[row.feature])}`)).toEqual([]);
  });

  it('is documented with current values in docs/conformance.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'conformance.md'), 'utf8');
    expect(doc).toContain(ibsiTable(reference, ours));
  });
});

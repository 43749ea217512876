import { join } from 'node:path';
import { extract } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { readFixtureImage, readReference } from '../support/reference';

/** test/reference/engine/ibsi_phantom.json, written by scripts/reference/ibsi_phantom.py. */
export interface IbsiRow {
  feature: string;
  ibsiTag: string;
  ibsiValue: number;
  ibsiTolerance: number;
  pyradiomics: number | null;
}

interface IbsiReference {
  image: string;
  mask: string;
  params: object;
  rows: IbsiRow[];
}

export function loadIbsiReference(): IbsiReference {
  return readReference<IbsiReference>('engine', 'ibsi_phantom.json');
}

export function extractIbsiPhantom(reference: IbsiReference): Record<string, unknown> {
  return extract(readFixtureImage(reference.image), readFixtureImage(reference.mask), loadParams(reference.params));
}

/** IBSI reports 3 significant digits; a value agrees when within the tolerance or when it rounds to the reference. */
export function agreesWithIbsi(value: number | null, row: IbsiRow): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  const lastDigit = row.ibsiValue === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(row.ibsiValue))) - 2);
  return Math.abs(value - row.ibsiValue) <= Math.max(row.ibsiTolerance, lastDigit / 2 + 1e-12);
}

const format = (v: number | null) => (v === null ? 'NaN' : Number(v.toPrecision(6)).toString());

/** The markdown table of docs/conformance.md's IBSI section: ours, IBSI's consensus value, PyRadiomics'. */
export function ibsiTable(reference: IbsiReference, ours: Record<string, unknown>): string {
  const lines = [
    '| PyRadiomics feature | IBSI tag | IBSI value (tolerance) | PyRadiomics 3.0.1 | ours | PyRadiomics vs IBSI |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of reference.rows) {
    const value = ours[row.feature];
    const ourValue = typeof value === 'number' && Number.isFinite(value) ? value : null;
    lines.push(
      `| ${row.feature} | ${row.ibsiTag} | ${row.ibsiValue} (±${row.ibsiTolerance}) | ${format(row.pyradiomics)} | ${format(ourValue)} | ${agreesWithIbsi(row.pyradiomics, row) ? 'agrees' : 'differs'} |`,
    );
  }
  return lines.join('\n');
}

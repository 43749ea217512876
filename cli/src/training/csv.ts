/** RFC 4180 CSV: comma separated, double-quoted fields may hold commas, quotes ("") and newlines. */
export interface Table {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string, source: string): Table {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error(`${source}: unterminated quoted field`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  if (nonEmpty.length === 0) throw new Error(`${source}: empty CSV`);
  const [header, ...rows] = nonEmpty;
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new Error(`${source}: line ${i + 2} has ${row.length} fields, the header has ${header.length}`);
  });
  return { header, rows };
}

function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map((v) => quote(String(v))).join(',')).join('\n') + '\n';
}

/** A numeric cell: empty, 'nan' or non-numeric text is NaN (callers refuse NaN where a value is needed). */
export function parseNumber(cell: string): number {
  const trimmed = cell.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

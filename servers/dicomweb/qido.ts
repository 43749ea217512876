import { tagOf } from '../dcmjs';
import type { JsonDataset, JsonElement } from './dicom-json';

export type QueryLevel = 'study' | 'series' | 'instance';

/** Attributes returned by default at each level (PS3.18 Table 6.7.1-2), plus the descriptions viewers show. */
export const DEFAULT_ATTRIBUTES: Record<QueryLevel, string[]> = {
  study: [
    '00080020', '00080030', '00080050', '00080061', '00080090', '00081030', '00100010', '00100020', '00100030',
    '00100040', '0020000D', '00200010', '00201206', '00201208',
  ],
  series: ['00080021', '00080031', '00080060', '0008103E', '0020000D', '0020000E', '00200011', '00201209', '00400244', '00400245'],
  instance: ['00080016', '00080018', '00080060', '0020000D', '0020000E', '00200013', '00280008', '00280010', '00280011', '00280100'],
};

/** Query parameters that steer the query rather than match attributes. */
const CONTROL_PARAMETERS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);

export interface Query {
  matches: Map<string, string>;
  includeAll: boolean;
  includeFields: string[];
  fuzzy: boolean;
  limit?: number;
  offset: number;
}

function nonNegativeInteger(name: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new QueryError(`${name}=${value} is not a non-negative integer`);
  return Number(value);
}

export class QueryError extends Error {}

export function parseQuery(params: URLSearchParams): Query {
  const matches = new Map<string, string>();
  const includeFields: string[] = [];
  let includeAll = false;
  for (const value of params.getAll('includefield').flatMap((v) => v.split(','))) {
    if (value === 'all') includeAll = true;
    else {
      const tag = tagOf(value.trim());
      if (!tag) throw new QueryError(`includefield=${value} is neither a DICOM keyword nor a tag`);
      includeFields.push(tag);
    }
  }
  for (const [key, value] of params) {
    if (CONTROL_PARAMETERS.has(key)) continue;
    const tag = tagOf(key);
    if (!tag) throw new QueryError(`query parameter ${key} is neither a DICOM keyword nor a tag`);
    matches.set(tag, value);
  }
  return {
    matches,
    includeAll,
    includeFields,
    fuzzy: params.get('fuzzymatching') === 'true',
    limit: nonNegativeInteger('limit', params.get('limit')),
    offset: nonNegativeInteger('offset', params.get('offset')) ?? 0,
  };
}

function textOf(value: unknown): string {
  if (value && typeof value === 'object') return String((value as { Alphabetic?: string }).Alphabetic ?? '');
  return value === null || value === undefined ? '' : String(value);
}

function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

function matchesRange(value: string, range: string): boolean {
  const [from, to] = range.split('-');
  return (from === '' || value >= from) && (to === '' || value <= to.padEnd(value.length, '9'));
}

function matchesOne(element: JsonElement | undefined, pattern: string, fuzzy: boolean): boolean {
  const values = (element?.Value ?? []).map(textOf);
  const vr = element?.vr;
  if (vr === 'UI' || pattern.includes('\\')) {
    const wanted = pattern.split(/[\\,]/);
    return values.some((v) => wanted.includes(v));
  }
  if ((vr === 'DA' || vr === 'TM' || vr === 'DT') && pattern.includes('-')) {
    return values.some((v) => matchesRange(v, pattern));
  }
  const caseInsensitive = fuzzy || vr === 'PN';
  const regExp = wildcardRegExp(pattern, caseInsensitive);
  return values.some((v) => regExp.test(v) || (vr === 'PN' && regExp.test(v.replace(/\^+$/, ''))));
}

/** Whether a candidate's attributes satisfy every matching key (an empty key matches everything). */
export function matchesQuery(dataset: JsonDataset, query: Query): boolean {
  for (const [tag, pattern] of query.matches) {
    if (pattern === '' || pattern === '*') continue;
    if (!matchesOne(dataset[tag], pattern, query.fuzzy)) return false;
  }
  return true;
}

/** The attributes a result carries: the level's defaults, the matching keys, the included fields (or all). */
export function selectAttributes(dataset: JsonDataset, defaults: string[], query: Query): JsonDataset {
  if (query.includeAll) return dataset;
  const result: JsonDataset = {};
  for (const tag of [...defaults, ...query.matches.keys(), ...query.includeFields]) {
    if (dataset[tag]) result[tag] = dataset[tag];
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

import dcmjs from 'dcmjs';
import type { DicomDataset } from '../dicom/dataset';
import { isPrnnSr, readPrnnSr, type StoredPrnnResult } from '../dicom/sr';

type GetJson = (url: string, init: { headers: Record<string, string> }) => Promise<{ status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>;

interface Naturalizer {
  data: { DicomMetaDictionary: { naturalizeDataset(json: object): DicomDataset } };
}

const SR_SERIES_QUERY = 'Modality=SR';

async function getJson(fetch: GetJson, url: string, headers: Record<string, string>): Promise<object[]> {
  const response = await fetch(url, { headers: { ...headers, Accept: 'application/dicom+json' } });
  if (response.status === 204) return [];
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${(await response.text().catch(() => '')).slice(0, 200)}`);
  return (await response.json()) as object[];
}

const uidOf = (json: object, tag: string) => ((json as Record<string, { Value?: string[] }>)[tag]?.Value ?? [])[0];

/**
 * Every PRNN result stored in a study, newest first, read from the DICOMweb server (QIDO-RS for the study's SR
 * series, WADO-RS metadata of their instances); other SRs are skipped. The panel shows the first on reopening.
 */
export async function loadStoredResults(fetch: GetJson, dicomWebRoot: string, studyInstanceUID: string, headers: Record<string, string> = {}): Promise<StoredPrnnResult[]> {
  const root = dicomWebRoot.replace(/\/$/, '');
  const naturalize = (dcmjs as unknown as Naturalizer).data.DicomMetaDictionary.naturalizeDataset;
  const results: StoredPrnnResult[] = [];
  for (const series of await getJson(fetch, `${root}/studies/${studyInstanceUID}/series?${SR_SERIES_QUERY}`, headers)) {
    const seriesUid = uidOf(series, '0020000E');
    if (!seriesUid) continue;
    for (const instance of await getJson(fetch, `${root}/studies/${studyInstanceUID}/series/${seriesUid}/metadata`, headers)) {
      const dataset = naturalize(instance);
      if (isPrnnSr(dataset)) results.push(readPrnnSr(dataset));
    }
  }
  return results.sort((a, b) => b.contentDateTime.localeCompare(a.contentDateTime));
}

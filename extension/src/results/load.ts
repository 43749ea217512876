import { api } from 'dicomweb-client';
import { isPrnnSr, readPrnnSr, type StoredPrnnResult } from '../dicom/sr';
import { type DicomwebSource, fetchPart10Series } from '../services/dicomweb';

interface SeriesSearch {
  searchForSeries(options: { studyInstanceUID: string; queryParams: Record<string, string> }): Promise<Record<string, { Value?: unknown[] }>[]>;
}

const SERIES_INSTANCE_UID = '0020000E';

/**
 * Every PRNN result stored in a study, newest first: QIDO-RS for the study's SR series, then each series retrieved
 * as DICOM Part 10 (WADO-RS) and read with dcmjs; other SRs are skipped. The panel shows the first on reopening.
 *
 * Part 10, not the WADO-RS metadata (DICOM JSON): the SR's feature values are FD (FloatingPointValue) and must come
 * back bit for bit, and a server's JSON encoder may not keep them: Orthanc 1.10 (DicomWebJsonVisitor::FormatDouble)
 * writes every FD and DS value within 100 x DBL_EPSILON (2.2e-14) of an integer as a 32-bit integer, so 6215107886
 * comes back as 1920140590 (2^32 less), 2^53 + 2 as 2, and 1e-20 as 0.
 */
export async function loadStoredResults(source: DicomwebSource, studyInstanceUID: string): Promise<StoredPrnnResult[]> {
  const client = new api.DICOMwebClient({ url: source.wadoRoot, headers: source.headers, singlepart: false }) as unknown as SeriesSearch;
  let srSeries: Record<string, { Value?: unknown[] }>[];
  try {
    srSeries = await client.searchForSeries({ studyInstanceUID, queryParams: { Modality: 'SR' } });
  } catch (error) {
    const status = (error as { status?: number })?.status;
    throw new Error(`the SR series of study ${studyInstanceUID} could not be listed (QIDO-RS ${status ? `HTTP ${status}` : error instanceof Error ? error.message : String(error)})`);
  }
  const results: StoredPrnnResult[] = [];
  for (const series of srSeries) {
    const seriesInstanceUID = series[SERIES_INSTANCE_UID]?.Value?.[0];
    if (typeof seriesInstanceUID !== 'string') continue;
    for (const dataset of await fetchPart10Series(source, studyInstanceUID, seriesInstanceUID)) {
      if (isPrnnSr(dataset)) results.push(readPrnnSr(dataset));
    }
  }
  return results.sort((a, b) => b.contentDateTime.localeCompare(a.contentDateTime));
}

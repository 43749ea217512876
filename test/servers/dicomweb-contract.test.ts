/**
 * The client contract the viewer relies on (QIDO-RS, WADO-RS metadata / frames / bulk data / instances, STOW-RS),
 * exercised with dicomweb-client (what OHIF uses) against the embedded server and against Orthanc alike, on the
 * synthetic sample studies. Expected values come from the DICOM files themselves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from 'dicomweb-client';
import { dcmjs, toArrayBuffer } from '../../servers/dcmjs';
import { startDicomWebServer } from '../../servers/dicomweb/server';
import { DicomStore } from '../../servers/dicomweb/store';
import { seedOrthanc, startOrthanc } from '../../servers/orthanc';
import { ensureSamples } from '../../servers/samples/generate';
import { uidFor } from '../../servers/samples/uids';

// dicomweb-client speaks XMLHttpRequest, which Node lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');

type Json = Record<string, { vr: string; Value?: any[]; BulkDataURI?: string }>;
type Uids = { studyInstanceUID: string; seriesInstanceUID?: string; sopInstanceUID?: string };

/** The calls we make, typed as dicomweb-client documents them (its generated .d.ts marks every option required). */
interface Client {
  searchForStudies(options: { queryParams?: Record<string, string> }): Promise<Json[]>;
  searchForSeries(options: Uids & { queryParams?: Record<string, string> }): Promise<Json[]>;
  searchForInstances(options: Uids): Promise<Json[]>;
  retrieveSeriesMetadata(options: Uids): Promise<Json[]>;
  retrieveInstanceMetadata(options: Uids): Promise<Json[]>;
  retrieveInstanceFrames(options: Uids & { frameNumbers: number[] }): Promise<ArrayBuffer[]>;
  retrieveBulkData(options: { BulkDataURI: string }): Promise<ArrayBuffer[]>;
  retrieveInstance(options: Uids): Promise<ArrayBuffer>;
  storeInstances(options: { datasets: ArrayBuffer[]; studyInstanceUID?: string }): Promise<unknown>;
}

interface Backend {
  url: string;
  close(): Promise<void>;
}

const BACKENDS: Record<string, (samples: string, workDir: string) => Promise<Backend>> = {
  embedded: async (samples, workDir) => {
    const server = await startDicomWebServer(DicomStore.open({ folders: [samples], storeDir: join(workDir, 'stow') }));
    return { url: `${server.url}/dicom-web`, close: server.close };
  },
  orthanc: async (samples, workDir) => {
    const orthanc = await startOrthanc({ dataDir: join(workDir, 'orthanc') });
    try {
      await seedOrthanc(orthanc.restUrl, [samples]);
    } catch (error) {
      await orthanc.close();
      throw error;
    }
    return { url: orthanc.dicomWebUrl, close: orthanc.close };
  },
};

const DEMO_STUDY = uidFor('demo/study');
const NO_CET1_STUDY = uidFor('no-cet1/study');
const T1C_SERIES = uidFor('demo/t1c/series');
const SEG_SERIES = uidFor('demo/seg/t1c/series');

function readDataset(file: string): Record<string, any> {
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(toArrayBuffer(readFileSync(file))).dict);
}

function value(json: Json, tag: string): any {
  return json[tag]?.Value?.[0];
}

describe.each(Object.keys(BACKENDS))('DICOMweb contract: %s', (name) => {
  let samples: string;
  let workDir: string;
  let backend: Backend;
  let client: Client;

  beforeAll(async () => {
    samples = await ensureSamples();
    workDir = mkdtempSync(join(tmpdir(), `prnn-contract-${name}-`));
    backend = await BACKENDS[name](samples, workDir);
    client = new api.DICOMwebClient({ url: backend.url } as ConstructorParameters<typeof api.DICOMwebClient>[0]) as unknown as Client;
  }, 240_000);

  afterAll(async () => {
    await backend?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('QIDO-RS finds studies by name wildcard, ID, date range, with limit and offset', async () => {
    const all = (await client.searchForStudies({ queryParams: { PatientName: 'SYNTHETIC*' } }));
    expect(all.map((s) => value(s, '0020000D')).sort()).toEqual([DEMO_STUDY, NO_CET1_STUDY].sort());
    const demo = all.find((s) => value(s, '0020000D') === DEMO_STUDY)!;
    expect(value(demo, '00100010')).toEqual({ Alphabetic: 'SYNTHETIC^PRNN^DEMO' });
    expect(value(demo, '00100020')).toBe('PRNN-SYN-001');
    expect(value(demo, '00201208')).toBe(63);
    expect(demo['00080061'].Value!.slice().sort()).toEqual(['MR', 'RTSTRUCT', 'SEG']);

    const byId = (await client.searchForStudies({ queryParams: { PatientID: 'PRNN-SYN-002' } }));
    expect(byId.map((s) => value(s, '0020000D'))).toEqual([NO_CET1_STUDY]);
    const byDate = (await client.searchForStudies({ queryParams: { StudyDate: '20240101-20240131' } }));
    expect(byDate.map((s) => value(s, '0020000D'))).toEqual([DEMO_STUDY]);
    const none = (await client.searchForStudies({ queryParams: { PatientID: 'NOBODY' } })) as Json[] | undefined;
    expect(none ?? []).toEqual([]);
    const first = (await client.searchForStudies({ queryParams: { PatientName: 'SYNTHETIC*', limit: '1' } }));
    const second = (await client.searchForStudies({ queryParams: { PatientName: 'SYNTHETIC*', limit: '1', offset: '1' } }));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(value(first[0], '0020000D')).not.toBe(value(second[0], '0020000D'));
  });

  it('QIDO-RS lists a study\'s series (filtered by modality) and a series\' instances', async () => {
    const series = (await client.searchForSeries({ studyInstanceUID: DEMO_STUDY }));
    const described = series.map((s) => `${value(s, '00080060')} ${value(s, '0008103E')}`).sort();
    expect(described).toEqual([
      'MR t1_tse_fs_tra_post',
      'MR t1_tse_tra',
      'MR t2_tse_fs_tra',
      'RTSTRUCT Tumour RTSTRUCT (t2_tse_fs_tra)',
      'SEG Tumour SEG (t1_tse_fs_tra_post)',
      'SEG Tumour SEG reader B (t2_tse_fs_tra)',
    ]);
    const mr = (await client.searchForSeries({ studyInstanceUID: DEMO_STUDY, queryParams: { Modality: 'MR' } }));
    expect(mr).toHaveLength(3);
    const instances = (await client.searchForInstances({ studyInstanceUID: DEMO_STUDY, seriesInstanceUID: T1C_SERIES }));
    expect(instances).toHaveLength(20);
    expect(new Set(instances.map((i) => value(i, '00080018'))).size).toBe(20);
  });

  it('WADO-RS metadata is DICOM JSON with the headers and a BulkDataURI for the pixels', async () => {
    const metadata = (await client.retrieveSeriesMetadata({ studyInstanceUID: DEMO_STUDY, seriesInstanceUID: T1C_SERIES }));
    expect(metadata).toHaveLength(20);
    const tenth = metadata.find((m) => value(m, '00200013') === 10)!;
    const file = readDataset(join(samples, 'demo', 't1c', '010.dcm'));
    expect(value(tenth, '00080018')).toBe(file.SOPInstanceUID);
    expect(tenth['00200032'].Value!.map(Number)).toEqual(file.ImagePositionPatient);
    expect(tenth['00280030'].Value!.map(Number)).toEqual([0.45, 0.45]);
    expect(value(tenth, '00180010')).toBe('Gadovist');
    expect(tenth['7FE00010'].BulkDataURI).toMatch(/^https?:\/\//);

    const [seg] = (await client.retrieveSeriesMetadata({ studyInstanceUID: DEMO_STUDY, seriesInstanceUID: SEG_SERIES }));
    expect(value(seg, '00080060')).toBe('SEG');
    expect(seg['52009230'].Value).toHaveLength(Number(value(seg, '00280008')));
  });

  it('WADO-RS frames and bulk data return exactly the stored pixels (16-bit MR and bit-packed SEG)', async () => {
    const file = readDataset(join(samples, 'demo', 't1c', '010.dcm'));
    const expected = Buffer.from(file.PixelData[0]);
    const [frame] = (await client.retrieveInstanceFrames({
      studyInstanceUID: DEMO_STUDY,
      seriesInstanceUID: T1C_SERIES,
      sopInstanceUID: file.SOPInstanceUID,
      frameNumbers: [1],
    }));
    expect(Buffer.from(frame).equals(expected)).toBe(true);

    const [metadata] = (await client.retrieveInstanceMetadata({
      studyInstanceUID: DEMO_STUDY,
      seriesInstanceUID: T1C_SERIES,
      sopInstanceUID: file.SOPInstanceUID,
    }));
    const [bulk] = (await client.retrieveBulkData({ BulkDataURI: metadata['7FE00010'].BulkDataURI! }));
    expect(Buffer.from(bulk).equals(expected)).toBe(true);

    const seg = readDataset(join(samples, 'demo', 'seg', 'tumour-seg.dcm'));
    const segBits = Buffer.from(seg.PixelData[0]);
    const frameBytes = (seg.Rows * seg.Columns) / 8;
    const segFrames = (await client.retrieveInstanceFrames({
      studyInstanceUID: DEMO_STUDY,
      seriesInstanceUID: SEG_SERIES,
      sopInstanceUID: seg.SOPInstanceUID,
      frameNumbers: [2, 3],
    }));
    expect(segFrames.map((f) => Buffer.from(f).equals(segBits.subarray((segFrames.indexOf(f) + 1) * frameBytes, (segFrames.indexOf(f) + 2) * frameBytes)))).toEqual([true, true]);
  });

  it('WADO-RS retrieves a whole instance as Part 10', async () => {
    const seg = readDataset(join(samples, 'demo', 'seg', 'tumour-seg.dcm'));
    const part10 = (await client.retrieveInstance({ studyInstanceUID: DEMO_STUDY, seriesInstanceUID: SEG_SERIES, sopInstanceUID: seg.SOPInstanceUID }));
    const retrieved: Record<string, any> = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(part10).dict);
    expect(retrieved.SOPInstanceUID).toBe(seg.SOPInstanceUID);
    expect(Buffer.from(retrieved.PixelData[0]).equals(Buffer.from(seg.PixelData[0]))).toBe(true);
  });

  it('STOW-RS stores a new instance that QIDO and WADO then return; a non-DICOM part is refused', async () => {
    const message = dcmjs.data.DicomMessage.readFile(toArrayBuffer(readFileSync(join(samples, 'demo', 'seg', 'tumour-seg.dcm'))));
    const dataset: Record<string, unknown> = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict);
    const sopUid = uidFor(`contract/${name}/stow/instance`);
    const seriesUid = uidFor(`contract/${name}/stow/series`);
    dataset.SOPInstanceUID = sopUid;
    dataset.SeriesInstanceUID = seriesUid;
    dataset.SeriesDescription = 'STOW contract test';
    const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.meta);
    meta.MediaStorageSOPInstanceUID = sopUid;
    const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
    await client.storeInstances({ datasets: [dict.write()], studyInstanceUID: DEMO_STUDY });

    const series = (await client.searchForSeries({ studyInstanceUID: DEMO_STUDY, queryParams: { SeriesInstanceUID: seriesUid } }));
    expect(series.map((s) => value(s, '0008103E'))).toEqual(['STOW contract test']);
    const [stored] = (await client.retrieveInstanceMetadata({ studyInstanceUID: DEMO_STUDY, seriesInstanceUID: seriesUid, sopInstanceUID: sopUid }));
    expect(value(stored, '00080018')).toBe(sopUid);

    // dicomweb-client and the embedded server log the refusal; that is expected here.
    const quiet = [jest.spyOn(console, 'error').mockImplementation(() => {}), jest.spyOn(console, 'warn').mockImplementation(() => {})];
    try {
      await expect(client.storeInstances({ datasets: [new TextEncoder().encode('not a DICOM file').buffer] })).rejects.toBeDefined();
    } finally {
      quiet.forEach((spy) => spy.mockRestore());
    }
  });
});

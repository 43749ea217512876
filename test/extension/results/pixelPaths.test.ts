/**
 * Recompute may read its pixels another way than the first computation (the viewer's cornerstone cache when the
 * volumes are loaded, DICOMweb otherwise): both ways must give the engine the same volume, bit for bit, on the
 * synthetic demo study served by the embedded DICOMweb server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from 'dicomweb-client';
import dcmjs from 'dcmjs';
import type { DicomDataset } from '../../../extension/src/dicom/dataset';
import { fetchImageSeries } from '../../../extension/src/services/dicomweb';
import type { ExtensionManager } from '../../../extension/src/services/host';
import { instancesFromViewer } from '../../../extension/src/services/viewerPixels';
// The worker's imageSeriesToVolume is seriesToVolume (worker/engine.ts), imported directly: engine.ts pulls in a YAML asset.
import { seriesToVolume } from '../../../extension/src/dicom/series';
import { startDicomWebServer, type RunningServer } from '../../../servers/dicomweb/server';
import { DicomStore } from '../../../servers/dicomweb/store';
import { ensureSamples } from '../../../servers/samples/generate';

// dicomweb-client speaks XMLHttpRequest (Node lacks it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');

const workDir = mkdtempSync(join(tmpdir(), 'prnn-pixel-paths-'));
let server: RunningServer;
let wadoRoot: string;

beforeAll(async () => {
  // The shared sample cache (.cache/samples, as npm start and the e2e test use): generated once per generator version.
  const samples = await ensureSamples();
  server = await startDicomWebServer(DicomStore.open({ folders: [samples], storeDir: join(workDir, 'store') }));
  wadoRoot = `${server.url}/dicom-web`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
});

type Json = Record<string, { Value?: unknown[] }>;

/** The demo study's MR series, as QIDO lists them. */
async function demoSeries(): Promise<{ study: string; series: string; description: string }[]> {
  const client = new api.DICOMwebClient({ url: wadoRoot, singlepart: false }) as unknown as {
    searchForStudies(o: { queryParams: Record<string, string> }): Promise<Json[]>;
    searchForSeries(o: { studyInstanceUID: string }): Promise<Json[]>;
  };
  const [study] = await client.searchForStudies({ queryParams: { PatientID: 'PRNN-SYN-001' } });
  const studyUid = String(study['0020000D'].Value![0]);
  const series = await client.searchForSeries({ studyInstanceUID: studyUid });
  return series
    .filter((s) => s['00080060'].Value![0] === 'MR')
    .map((s) => ({ study: studyUid, series: String(s['0020000E'].Value![0]), description: String(s['0008103E']?.Value?.[0] ?? '') }));
}

/**
 * What the viewer holds for a series: OHIF's instances (the WADO-RS metadata naturalised with dcmjs, as OHIF's
 * DICOMweb data source does, plus an imageId) and cornerstone's cached frames as Float32 (its volume scalar type).
 */
async function viewerSeries(study: string, series: string, frames: DicomDataset[]) {
  const client = new api.DICOMwebClient({ url: wadoRoot, singlepart: false }) as unknown as { retrieveSeriesMetadata(o: object): Promise<Record<string, unknown>[]> };
  const metadata = (await client.retrieveSeriesMetadata({ studyInstanceUID: study, seriesInstanceUID: series })).map((json) =>
    dcmjs.data.DicomMetaDictionary.naturalizeDataset(json),
  );
  const cached = new Map<string, Float32Array>();
  const instances = metadata.map((instance) => {
    const imageId = `wadors:${wadoRoot}/studies/${study}/series/${series}/instances/${instance.SOPInstanceUID}/frames/1`;
    const fetched = frames.find((f) => f.SOPInstanceUID === instance.SOPInstanceUID)!;
    const bits = Number(fetched.BitsAllocated);
    const signed = Number(fetched.PixelRepresentation) === 1;
    const frame = (fetched.PixelData as ArrayBuffer[])[0];
    const stored = bits === 16 ? (signed ? new Int16Array(frame) : new Uint16Array(frame)) : signed ? new Int8Array(frame) : new Uint8Array(frame);
    cached.set(imageId, Float32Array.from(stored));
    return { ...instance, imageId };
  });
  const host: ExtensionManager = {
    getModuleEntry: (id) =>
      id === '@ohif/extension-cornerstone.utilityModule.common'
        ? {
            exports: {
              getCornerstoneLibraries: () => ({
                cornerstone: { cache: { getVolumes: () => [], getImage: (imageId: string) => (cached.has(imageId) ? { rows: 0, columns: 0, getPixelData: () => cached.get(imageId)! } : undefined) } },
              }),
            },
          }
        : undefined,
  };
  return instancesFromViewer(host, { instances });
}

test('pixels from the viewer and from DICOMweb give the same volume for T1, T2 and CE-T1 of the synthetic study', async () => {
  const series = await demoSeries();
  expect(series.map((s) => s.description).sort()).toEqual(['t1_tse_fs_tra_post', 't1_tse_tra', 't2_tse_fs_tra']);
  for (const { study, series: uid, description } of series) {
    const fetched = await fetchImageSeries({ wadoRoot, headers: {} }, study, uid);
    const fromViewer = await viewerSeries(study, uid, fetched);
    if (!fromViewer) throw new Error(`${description}: the viewer path refused the series`);
    const a = seriesToVolume(fetched).volume;
    const b = seriesToVolume(fromViewer).volume;
    expect([description, b.size, b.spacing, b.origin, b.direction, b.pixelType]).toEqual([description, a.size, a.spacing, a.origin, a.direction, a.pixelType]);
    expect(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).equals(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(true);
  }
}, 120_000);

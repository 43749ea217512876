/**
 * Detecting segmentations drawn or changed in the viewer, against a stand-in for OHIF 3.13's segmentationService
 * shaped as its source builds the state (a SEG's segmentation named by its displaySetInstanceUID, a new one by a
 * UUID; labelmap images per source image; SEGMENTATION_ADDED once a SEG's labels are filled, then
 * SEGMENTATION_DATA_MODIFIED both while it is hydrated and rendered and after each edit).
 */
import { ViewerSegmentationTracker, type SegmentationServiceLike } from '../../extension/src/services/viewerSegmentations';

const EVENTS = {
  SEGMENTATION_ADDED: 'event::segmentation_added',
  SEGMENTATION_REMOVED: 'event::segmentation_removed',
  SEGMENTATION_DATA_MODIFIED: 'event::segmentation_data_modified',
};
const displaySets = [
  { displaySetInstanceUID: 'ds-t2', SeriesInstanceUID: '1.2.4', Modality: 'MR', instances: [0, 1, 2].map((k) => ({ imageId: `wadors:t2/${k}`, SOPInstanceUID: `1.2.4.${k}` })) },
  { displaySetInstanceUID: 'ds-t1', SeriesInstanceUID: '1.2.3', Modality: 'MR', instances: [{ imageId: 'wadors:t1/0', SOPInstanceUID: '1.2.3.0' }] },
  { displaySetInstanceUID: 'ds-seg', SeriesInstanceUID: '1.2.9', Modality: 'SEG' },
];
const initialLabels: Record<string, number[]> = { 'lm:a/0': [0, 0, 0, 0], 'lm:a/1': [0, 1, 1, 2], 'lm:a/2': [0, 1, 0, 0], 'lm:seg/0': [1, 1, 0, 0] };
/** cornerstone's cache: getPixelData() is the live array that tools write into. */
function labelCache() {
  const pixels = Object.fromEntries(Object.entries(initialLabels).map(([id, values]) => [id, Uint8Array.from(values)]));
  return { pixels, getImage: (id: string) => (pixels[id] ? { getPixelData: () => pixels[id] } : undefined) };
}
const cache = labelCache();

function service() {
  const listeners: { event: string; callback: (e: { segmentationId?: string }) => void }[] = [];
  const fake: SegmentationServiceLike & { emit(event: string, id: string): void } = {
    EVENTS,
    getSegmentations: () => [
      { segmentationId: '6f1c-uuid', label: 'Segmentation 1', segments: { 1: { label: 'GTV' }, 2: { label: '' }, 3: { label: 'empty' } }, representationData: { Labelmap: { imageIds: ['lm:a/0', 'lm:a/1', 'lm:a/2'], referencedImageIds: ['wadors:t2/0', 'wadors:t2/1', 'wadors:t2/2'] } } },
      { segmentationId: 'ds-seg', label: 'Tumour SEG', segments: { 1: { label: 'GTV' } }, representationData: { Labelmap: { imageIds: ['lm:seg/0'], referencedImageIds: ['wadors:t1/0'] } } },
    ],
    subscribe: (event, callback) => {
      const listener = { event, callback };
      listeners.push(listener);
      return { unsubscribe: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
    emit: (event, segmentationId) => listeners.filter((l) => l.event === event).forEach((l) => l.callback({ segmentationId })),
  };
  return fake;
}

test('a segmentation made in the viewer is found with its non-empty segments on its series (copies of its labels)', () => {
  const cache = labelCache();
  const tracker = new ViewerSegmentationTracker(service(), () => cache);
  tracker.start();
  const found = tracker.segments(displaySets);
  expect(found).toEqual([
    { segmentationId: '6f1c-uuid', segmentIndex: 1, label: 'GTV', seriesInstanceUID: '1.2.4', origin: 'drawn', slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 2]) }, { sopInstanceUID: '1.2.4.2', labels: Uint8Array.from([0, 1, 0, 0]) }] },
    { segmentationId: '6f1c-uuid', segmentIndex: 2, label: 'Segmentation 1', seriesInstanceUID: '1.2.4', origin: 'drawn', slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 2]) }] },
  ]);
  // A later stroke leaves what was read (and maybe computed on) as it was.
  cache.pixels['lm:a/1'][0] = 1;
  expect(found[0].slices[0].labels).toEqual(Uint8Array.from([0, 1, 1, 2]));
});

test('a stored SEG is not changed by the data-modified events of its loading, only by an edit of its labels', () => {
  const cache = labelCache();
  const host = service();
  const tracker = new ViewerSegmentationTracker(host, () => cache);
  tracker.start();
  const origins = () => tracker.segments(displaySets).map((s) => [s.segmentationId, s.origin]);
  // OHIF fills the SEG's labelmap, adds it (SEGMENTATION_ADDED), then hydrates and renders it: data-modified events
  // with its id and no change of its labels.
  host.emit(EVENTS.SEGMENTATION_ADDED, 'ds-seg');
  for (let k = 0; k < 3; k++) host.emit(EVENTS.SEGMENTATION_DATA_MODIFIED, 'ds-seg');
  expect(origins()).toEqual([
    ['6f1c-uuid', 'drawn'],
    ['6f1c-uuid', 'drawn'],
  ]);
  // A brush stroke on it.
  cache.pixels['lm:seg/0'][2] = 1;
  host.emit(EVENTS.SEGMENTATION_DATA_MODIFIED, 'ds-seg');
  const changed = tracker.segments(displaySets).find((s) => s.segmentationId === 'ds-seg');
  expect(changed).toMatchObject({ origin: 'changed', seriesInstanceUID: '1.2.3', slices: [{ sopInstanceUID: '1.2.3.0', labels: Uint8Array.from([1, 1, 1, 0]) }] });
  // Undone: the labels are the stored ones again, so it is the stored SEG.
  cache.pixels['lm:seg/0'][2] = 0;
  expect(origins()).toEqual([
    ['6f1c-uuid', 'drawn'],
    ['6f1c-uuid', 'drawn'],
  ]);
});

test('a stored SEG already loaded when the tracker starts counts as loaded with the labels first seen; removed and loaded again, it is fresh', () => {
  const cache = labelCache();
  const host = service();
  const tracker = new ViewerSegmentationTracker(host, () => cache);
  tracker.start();
  expect(tracker.segments(displaySets).some((s) => s.segmentationId === 'ds-seg')).toBe(false);
  cache.pixels['lm:seg/0'][3] = 1;
  expect(tracker.segments(displaySets).find((s) => s.segmentationId === 'ds-seg')?.origin).toBe('changed');
  host.emit(EVENTS.SEGMENTATION_REMOVED, 'ds-seg');
  host.emit(EVENTS.SEGMENTATION_ADDED, 'ds-seg');
  expect(tracker.segments(displaySets).some((s) => s.segmentationId === 'ds-seg')).toBe(false);
});

test("a stored RTSTRUCT added as contours, given a labelmap later (OHIF converts on demand), is not changed by that labelmap", () => {
  const cache = labelCache();
  let converted = false;
  const rtstruct = () => ({ segmentationId: 'ds-rt', label: 'Contours', segments: { 1: { label: 'GTV' } }, representationData: converted ? { Labelmap: { imageIds: ['lm:seg/0'], referencedImageIds: ['wadors:t1/0'] } } : {} });
  const host = { ...service(), getSegmentations: () => [rtstruct()] };
  const tracker = new ViewerSegmentationTracker(host, () => cache);
  tracker.start();
  host.emit(EVENTS.SEGMENTATION_ADDED, 'ds-rt');
  const withRt = [...displaySets, { displaySetInstanceUID: 'ds-rt', SeriesInstanceUID: '1.2.8', Modality: 'RTSTRUCT' }];
  converted = true;
  expect(tracker.segments(withRt)).toEqual([]);
  cache.pixels['lm:seg/0'][3] = 1;
  expect(tracker.segments(withRt).map((s) => [s.segmentationId, s.origin])).toEqual([['ds-rt', 'changed']]);
});

test("a viewer that cannot say when a segmentation is added is refused: a loaded SEG could not be told from an edited one", () => {
  const tracker = new ViewerSegmentationTracker({ ...service(), EVENTS: { SEGMENTATION_DATA_MODIFIED: EVENTS.SEGMENTATION_DATA_MODIFIED } }, () => cache);
  expect(() => tracker.start()).toThrow(/no SEGMENTATION_ADDED/);
});

test('a labelmap slice that matches no image of the study is refused', () => {
  const tracker = new ViewerSegmentationTracker(service(), () => cache);
  expect(() => tracker.segments(displaySets.filter((ds) => ds.displaySetInstanceUID !== 'ds-t2'))).toThrow(/Segmentation 'Segmentation 1': slice 1 cannot be matched to an image of the study/);
});

test("OHIF's own SEG display set for a segmentation made in the viewer (same id, madeInClient) does not make it a stored one", () => {
  const tracker = new ViewerSegmentationTracker(service(), () => cache);
  const withClientSeg = [...displaySets, { displaySetInstanceUID: '6f1c-uuid', SeriesInstanceUID: '', Modality: 'SEG', madeInClient: true }];
  expect(tracker.segments(withClientSeg).map((s) => [s.segmentationId, s.origin])).toEqual([
    ['6f1c-uuid', 'drawn'],
    ['6f1c-uuid', 'drawn'],
  ]);
});

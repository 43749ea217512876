/**
 * Detecting segmentations drawn or changed in the viewer, against a stand-in for OHIF 3.13's segmentationService
 * shaped as its source builds the state (a SEG's segmentation named by its displaySetInstanceUID, a new one by a
 * UUID; labelmap images per source image; SEGMENTATION_DATA_MODIFIED on edits).
 */
import { ViewerSegmentationTracker, type SegmentationServiceLike } from '../../extension/src/services/viewerSegmentations';

const EVENTS = { SEGMENTATION_DATA_MODIFIED: 'event::segmentation_data_modified' };
const displaySets = [
  { displaySetInstanceUID: 'ds-t2', SeriesInstanceUID: '1.2.4', Modality: 'MR', instances: [0, 1, 2].map((k) => ({ imageId: `wadors:t2/${k}`, SOPInstanceUID: `1.2.4.${k}` })) },
  { displaySetInstanceUID: 'ds-t1', SeriesInstanceUID: '1.2.3', Modality: 'MR', instances: [{ imageId: 'wadors:t1/0', SOPInstanceUID: '1.2.3.0' }] },
  { displaySetInstanceUID: 'ds-seg', SeriesInstanceUID: '1.2.9', Modality: 'SEG' },
];
const labels: Record<string, number[]> = { 'lm:a/0': [0, 0, 0, 0], 'lm:a/1': [0, 1, 1, 2], 'lm:a/2': [0, 1, 0, 0], 'lm:seg/0': [1, 1, 0, 0] };
const cache = { getImage: (id: string) => (labels[id] ? { getPixelData: () => Uint8Array.from(labels[id]) } : undefined) };

function service() {
  const listeners: ((e: { segmentationId?: string }) => void)[] = [];
  const fake: SegmentationServiceLike & { emit(id: string): void } = {
    EVENTS,
    getSegmentations: () => [
      { segmentationId: '6f1c-uuid', label: 'Segmentation 1', segments: { 1: { label: 'GTV' }, 2: { label: '' }, 3: { label: 'empty' } }, representationData: { Labelmap: { imageIds: ['lm:a/0', 'lm:a/1', 'lm:a/2'], referencedImageIds: ['wadors:t2/0', 'wadors:t2/1', 'wadors:t2/2'] } } },
      { segmentationId: 'ds-seg', label: 'Tumour SEG', segments: { 1: { label: 'GTV' } }, representationData: { Labelmap: { imageIds: ['lm:seg/0'], referencedImageIds: ['wadors:t1/0'] } } },
    ],
    subscribe: (event, callback) => {
      expect(event).toBe(EVENTS.SEGMENTATION_DATA_MODIFIED);
      listeners.push(callback);
      return { unsubscribe: () => listeners.splice(listeners.indexOf(callback), 1) };
    },
    emit: (segmentationId) => listeners.forEach((l) => l({ segmentationId })),
  };
  return fake;
}

test('a segmentation made in the viewer is found with its non-empty segments on its series; a loaded SEG only once edited', () => {
  const host = service();
  const tracker = new ViewerSegmentationTracker(host, () => cache);
  tracker.start();
  expect(tracker.segments(displaySets)).toEqual([
    { segmentationId: '6f1c-uuid', segmentIndex: 1, label: 'GTV', seriesInstanceUID: '1.2.4', origin: 'drawn', slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 2]) }, { sopInstanceUID: '1.2.4.2', labels: Uint8Array.from([0, 1, 0, 0]) }] },
    { segmentationId: '6f1c-uuid', segmentIndex: 2, label: 'Segmentation 1', seriesInstanceUID: '1.2.4', origin: 'drawn', slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 2]) }] },
  ]);
  host.emit('ds-seg');
  expect(tracker.segments(displaySets).map((s) => [s.segmentationId, s.origin, s.seriesInstanceUID])).toEqual([
    ['6f1c-uuid', 'drawn', '1.2.4'],
    ['6f1c-uuid', 'drawn', '1.2.4'],
    ['ds-seg', 'changed', '1.2.3'],
  ]);
  tracker.stop();
  expect(tracker.segments(displaySets).map((s) => s.origin)).toEqual(['drawn', 'drawn']);
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

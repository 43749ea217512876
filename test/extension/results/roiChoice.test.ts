/**
 * Recompute must compute on what the stored result was computed from: the automatic ROI choice is the same whatever
 * order the server and the viewer deliver the series in, and Recompute selects the stored SR's own series and
 * SEG segment / RTSTRUCT ROI (by SOP Instance UID and number), saying so when one is no longer in the study.
 */
import type { StoredPrnnResult } from '../../../extension/src/dicom/sr';
import { classifyStudy } from '../../../extension/src/panels/classify';
import { PanelController } from '../../../extension/src/panels/controller';
import { automaticSelection, chooseRoi, reconcileSelection } from '../../../extension/src/panels/model';
import { ResultsController } from '../../../extension/src/panels/results/controller';
import { recomputeInputsOf } from '../../../extension/src/panels/results/recomputeInputs';
import { roiOptions, seriesOptions } from '../../../extension/src/panels/studyData';
import type { DisplaySetLike } from '../../../extension/src/panels/studyData';
import { MemoryPendingStore } from '../../../extension/src/results';
import { viewerRoiOptions } from '../../../extension/src/services/viewerSegmentations';
import type { SequenceInput } from '../../../extension/src/worker/api';
import { cardSummary, FRAME, RTSTRUCT, SEG, STUDY, T1, T1C, T2 } from '../fixtures';

/** As the synthetic demo study: a SEG drawn on CE-T1 (series 100), an RTSTRUCT on T2 (101), reader B's SEG on T2 (102). */
function roiObject(base: DisplaySetLike, seriesNumber: number, referenced: string, sopInstanceUID: string): DisplaySetLike {
  const uid = `${STUDY}.${seriesNumber}`;
  const instance: Record<string, unknown> = { ...base.instances![0], SOPInstanceUID: sopInstanceUID, SeriesInstanceUID: uid, SeriesNumber: seriesNumber };
  if (base.Modality === 'SEG') instance.ReferencedSeriesSequence = [{ SeriesInstanceUID: referenced }];
  else instance.ReferencedFrameOfReferenceSequence = { FrameOfReferenceUID: FRAME, RTReferencedStudySequence: [{ RTReferencedSeriesSequence: [{ SeriesInstanceUID: referenced }] }] };
  return { ...base, displaySetInstanceUID: `ds-${seriesNumber}`, SeriesInstanceUID: uid, SeriesNumber: seriesNumber, instances: [instance] };
}
const SEG_ON_T1C = roiObject(SEG, 100, T1C.SeriesInstanceUID, '1.2.3.100.1');
const RTSTRUCT_ON_T2 = roiObject(RTSTRUCT, 101, T2.SeriesInstanceUID, '1.2.3.101.1');
const READER_B_SEG_ON_T2 = roiObject(SEG, 102, T2.SeriesInstanceUID, '1.2.3.102.1');
const STUDY_DISPLAY_SETS = [T1, T2, T1C, SEG_ON_T1C, RTSTRUCT_ON_T2, READER_B_SEG_ON_T2];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function automaticRois(displaySets: readonly DisplaySetLike[]) {
  const { assignments, perSeries } = classifyStudy(displaySets);
  const roi = automaticSelection(seriesOptions(displaySets, perSeries), roiOptions(displaySets), assignments).roi;
  return { T1: roi.T1.value, T2: roi.T2.value, T1C: roi.T1C.value };
}

describe('automatic ROI per sequence', () => {
  test('is the same for every order of the display sets: drawn on the series, else the lowest series number', () => {
    const expected = { T1: `${SEG_ON_T1C.SeriesInstanceUID}#1`, T2: `${RTSTRUCT_ON_T2.SeriesInstanceUID}#5`, T1C: `${SEG_ON_T1C.SeriesInstanceUID}#1` };
    const orders = permutations(STUDY_DISPLAY_SETS);
    expect(orders).toHaveLength(720);
    const seen = new Set(orders.map((order) => JSON.stringify(automaticRois(order))));
    expect([...seen].map((s) => JSON.parse(s))).toEqual([expected]);
  });

  test('ROI options are listed by series number, then series UID, then segment / ROI number', () => {
    const unnumbered = { ...SEG_ON_T1C, SeriesNumber: undefined, instances: [{ ...SEG_ON_T1C.instances![0], SeriesNumber: undefined }] };
    for (const order of permutations([READER_B_SEG_ON_T2, RTSTRUCT_ON_T2, unnumbered])) {
      expect(roiOptions(order).map((r) => `${r.modality} ${r.sourceSeriesInstanceUID} ${r.number}`)).toEqual([
        `RTSTRUCT ${RTSTRUCT_ON_T2.SeriesInstanceUID} 5`,
        `SEG ${READER_B_SEG_ON_T2.SeriesInstanceUID} 1`,
        `SEG ${READER_B_SEG_ON_T2.SeriesInstanceUID} 2`,
        `SEG ${SEG_ON_T1C.SeriesInstanceUID} 1`,
        `SEG ${SEG_ON_T1C.SeriesInstanceUID} 2`,
      ]);
    }
  });

  test('an ROI drawn in the viewer on T2 and chosen there is not carried over to T1, which keeps a stored ROI', () => {
    const { assignments, perSeries } = classifyStudy(STUDY_DISPLAY_SETS);
    const series = seriesOptions(STUDY_DISPLAY_SETS, perSeries);
    const [drawn] = viewerRoiOptions(
      [{ segmentationId: 'uuid-1', segmentIndex: 1, label: 'GTV drawn', seriesInstanceUID: T2.SeriesInstanceUID, origin: 'drawn', slices: [] }],
      STUDY_DISPLAY_SETS,
    );
    const rois = [...roiOptions(STUDY_DISPLAY_SETS), drawn];
    const chosen = chooseRoi(automaticSelection(series, rois, assignments), 'T2', drawn.key);
    const reconciled = reconcileSelection(chosen, series, rois, assignments);
    expect(reconciled.roi.T2.value).toBe(drawn.key);
    expect(reconciled.roi.T1.value).toBe(`${SEG_ON_T1C.SeriesInstanceUID}#1`);
    expect(reconciled.roi.T1C.value).toBe(`${SEG_ON_T1C.SeriesInstanceUID}#1`);
  });
});

/** A stored result computed on T1 and T1C with the CE-T1 SEG and on T2 with reader B's SEG segment 2. */
const stored: StoredPrnnResult = {
  sopInstanceUID: '2.25.1',
  seriesInstanceUID: '2.25.2',
  studyInstanceUID: STUDY,
  contentDateTime: '2026-11-27T00:00:00.000Z',
  observer: {},
  sequences: [
    { sequence: 'T1', trackingIdentifier: 'T1 GTV', trackingUID: '2.25.3', roi: { kind: 'SEG', sopInstanceUID: '1.2.3.100.1', number: 1, name: 'GTV' }, sourceSeriesInstanceUID: T1.SeriesInstanceUID, features: {} },
    { sequence: 'T2', trackingIdentifier: 'T2 Necrosis', trackingUID: '2.25.4', roi: { kind: 'SEG', sopInstanceUID: '1.2.3.102.1', number: 2, name: 'Necrosis' }, sourceSeriesInstanceUID: T2.SeriesInstanceUID, features: {} },
    { sequence: 'T1C', trackingIdentifier: 'T1C GTV', trackingUID: '2.25.5', roi: { kind: 'SEG', sopInstanceUID: '1.2.3.100.1', number: 1, name: 'GTV' }, sourceSeriesInstanceUID: T1C.SeriesInstanceUID, features: {} },
  ],
};

describe('Recompute inputs', () => {
  test('are the stored series and ROIs, found by SOP Instance UID and number, whatever the automatic choice', () => {
    expect(recomputeInputsOf(stored, STUDY_DISPLAY_SETS, ['T1', 'T2', 'T1C'])).toEqual({
      found: true,
      inputs: [
        { sequence: 'T1', seriesInstanceUID: T1.SeriesInstanceUID, roiKey: `${SEG_ON_T1C.SeriesInstanceUID}#1` },
        { sequence: 'T2', seriesInstanceUID: T2.SeriesInstanceUID, roiKey: `${READER_B_SEG_ON_T2.SeriesInstanceUID}#2` },
        { sequence: 'T1C', seriesInstanceUID: T1C.SeriesInstanceUID, roiKey: `${SEG_ON_T1C.SeriesInstanceUID}#1` },
      ],
    });
  });

  test('say what is no longer in the study', () => {
    const without = (gone: DisplaySetLike) => STUDY_DISPLAY_SETS.filter((ds) => ds !== gone);
    expect(recomputeInputsOf(stored, without(READER_B_SEG_ON_T2), ['T1', 'T2', 'T1C'])).toEqual({
      found: false,
      message: "Recompute cannot use the stored result's inputs: its T2 ROI (SEG 1.2.3.102.1, segment 2 'Necrosis') is no longer in the study.",
    });
    expect(recomputeInputsOf(stored, without(T1C), ['T1', 'T2', 'T1C'])).toEqual({
      found: false,
      message: `Recompute cannot use the stored result's inputs: its CE-T1 series ${T1C.SeriesInstanceUID} is no longer in the study.`,
    });
    const oneSegment = { ...READER_B_SEG_ON_T2, instances: [{ ...READER_B_SEG_ON_T2.instances![0], SegmentSequence: [{ SegmentNumber: 1, SegmentLabel: 'GTV' }] }] };
    expect(recomputeInputsOf(stored, [...without(READER_B_SEG_ON_T2), oneSegment], ['T1', 'T2', 'T1C'])).toMatchObject({
      found: false,
      message: expect.stringMatching(/the SEG of its T2 ROI \(SEG 1\.2\.3\.102\.1, segment 2 'Necrosis'\) no longer holds that segment\.$/),
    });
    expect(recomputeInputsOf({ ...stored, sequences: stored.sequences.slice(0, 2) }, STUDY_DISPLAY_SETS, ['T1', 'T2', 'T1C'])).toMatchObject({
      found: false,
      message: expect.stringMatching(/it holds no CE-T1, which the model card needs\.$/),
    });
  });

  const card = cardSummary({ features: [], riskGroups: { low: { label: 'Low risk', eventRate: null }, high: { label: 'High risk', eventRate: null } } });

  async function setUp(displaySets: DisplaySetLike[]) {
    const requested: Omit<SequenceInput, 'viewerInstances'>[][] = [];
    const panel = new PanelController({
      client: { describeCard: async () => card, compute: () => new Promise(() => {}), cancel: () => {} },
      classify: classifyStudy,
      cardUrl: 'card.json',
      buildRequest: async (studyInstanceUID, sequences) => {
        requested.push(sequences);
        return { studyInstanceUID, dicomweb: { wadoRoot: 'unused', headers: {} }, cardUrl: 'card.json', sequences };
      },
    });
    await panel.loadCard();
    panel.setStudy(STUDY, displaySets);
    const results = new ResultsController({
      dicomWebRoot: () => 'unused',
      headers: () => ({}),
      fetch: (() => Promise.reject(new Error('no PACS in this test'))) as typeof fetch,
      pending: new MemoryPendingStore(),
      displaySets: () => displaySets,
      srContext: () => Promise.reject(new Error('not in this test')),
    });
    // As after reopening: the stored result is shown (here without a PACS).
    (results as unknown as { snapshot: object }).snapshot = { ...results.getSnapshot(), studyInstanceUID: STUDY, stored: { status: 'loaded', results: [stored] } };
    return { panel, results, requested };
  }

  test('the panel computes on the stored series and ROIs, not on its automatic choice, and shows them', async () => {
    const { panel, results, requested } = await setUp(STUDY_DISPLAY_SETS);
    expect(panel.getSnapshot().selection.roi.T2.value).toBe(`${RTSTRUCT_ON_T2.SeriesInstanceUID}#5`);
    void results.recompute(panel);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requested).toHaveLength(1);
    expect(requested[0].map((s) => [s.sequence, s.seriesInstanceUID, s.roi.modality, s.roi.seriesInstanceUID, s.roi.number])).toEqual([
      ['T1', T1.SeriesInstanceUID, 'SEG', SEG_ON_T1C.SeriesInstanceUID, 1],
      ['T2', T2.SeriesInstanceUID, 'SEG', READER_B_SEG_ON_T2.SeriesInstanceUID, 2],
      ['T1C', T1C.SeriesInstanceUID, 'SEG', SEG_ON_T1C.SeriesInstanceUID, 1],
    ]);
    expect(panel.getSnapshot().selection.roi.T2).toEqual({ value: `${READER_B_SEG_ON_T2.SeriesInstanceUID}#2`, source: 'user' });
    expect(results.getSnapshot().recomputeProblem).toBeNull();
  });

  test('with the stored ROI gone, nothing is computed and the problem is shown', async () => {
    const { panel, results, requested } = await setUp(STUDY_DISPLAY_SETS.filter((ds) => ds !== READER_B_SEG_ON_T2));
    await results.recompute(panel);
    expect(requested).toEqual([]);
    expect(results.getSnapshot().recomputeProblem).toMatch(/its T2 ROI \(SEG 1\.2\.3\.102\.1, segment 2 'Necrosis'\) is no longer in the study/);
  });
});

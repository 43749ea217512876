import { chooseRoi, chooseSeries, emptySelection, inputProblems, reconcileSelection } from '../../extension/src/panels/model';
import { classifyStudy } from '../../extension/src/panels/classify';
import { roiOptions, seriesOptions } from '../../extension/src/panels/studyData';
import { FRAME, RTSTRUCT, SEG, T1, T1C, T2 } from './fixtures';

const all = [T1, T2, T1C, SEG, RTSTRUCT];

function studyState(displaySets = all) {
  const { assignments, perSeries } = classifyStudy(displaySets);
  return { assignments, series: seriesOptions(displaySets, perSeries), rois: roiOptions(displaySets) };
}

describe('panel model', () => {
  test('the classifier assigns T1, T2 and CE-T1 with confidence and reasons', () => {
    const { assignments, series } = studyState();
    expect(assignments).toEqual({ T1: T1.SeriesInstanceUID, T2: T2.SeriesInstanceUID, T1C: T1C.SeriesInstanceUID });
    const ce = series.find((s) => s.seriesInstanceUID === T1C.SeriesInstanceUID)!;
    expect(ce.classification.sequence).toBe('T1C');
    expect(ce.classification.confidence).toBeGreaterThan(0);
    expect(ce.classification.reasons.length).toBeGreaterThan(0);
  });

  test('lists SEG segments and RTSTRUCT ROIs with their frame of reference and source series', () => {
    const { rois } = studyState();
    expect(rois.map((r) => [r.modality, r.number, r.label, r.frameOfReferenceUID, r.referencedSeriesInstanceUIDs])).toEqual([
      ['SEG', 1, 'GTV', FRAME, [T1.SeriesInstanceUID]],
      ['SEG', 2, 'Necrosis', FRAME, [T1.SeriesInstanceUID]],
      ['RTSTRUCT', 5, 'GTV_T2', FRAME, [T2.SeriesInstanceUID]],
    ]);
  });

  test('automatic ROI: drawn on the series first, else the one already used mapped through the shared frame of reference', () => {
    const { series, rois, assignments } = studyState();
    const selection = reconcileSelection(emptySelection(), series, rois, assignments);
    expect(selection.roi.T1.value).toBe(`${SEG.SeriesInstanceUID}#1`);
    expect(selection.roi.T2.value).toBe(`${RTSTRUCT.SeriesInstanceUID}#5`);
    expect(selection.roi.T1C.value).toBe(`${SEG.SeriesInstanceUID}#1`);
    expect(inputProblems(selection, series, rois, ['T1', 'T2', 'T1C'])).toEqual([]);
  });

  test('user choices survive a refresh of the study data; automatic ones follow it', () => {
    const { series, rois, assignments } = studyState();
    let selection = reconcileSelection(emptySelection(), series, rois, assignments);
    selection = chooseSeries(selection, 'T1', T1C.SeriesInstanceUID);
    selection = chooseRoi(selection, 'T2', `${SEG.SeriesInstanceUID}#2`);
    const refreshed = reconcileSelection(selection, series, rois, assignments);
    expect(refreshed.series.T1).toEqual({ value: T1C.SeriesInstanceUID, source: 'user' });
    expect(refreshed.roi.T2).toEqual({ value: `${SEG.SeriesInstanceUID}#2`, source: 'user' });
    expect(refreshed.series.T2).toEqual({ value: T2.SeriesInstanceUID, source: 'auto' });
  });

  test('a study without CE-T1 says which sequence is missing', () => {
    const { series, rois, assignments } = studyState([T1, T2, SEG]);
    const selection = reconcileSelection(emptySelection(), series, rois, assignments);
    const problems = inputProblems(selection, series, rois, ['T1', 'T2', 'T1C']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ sequence: 'T1C', field: 'series' });
    expect(problems[0].message).toMatch(/Missing CE-T1/);
  });

  test('no ROI in the study, the same series twice and a different frame of reference are each reported', () => {
    const noRoi = studyState([T1, T2, T1C]);
    const bare = reconcileSelection(emptySelection(), noRoi.series, noRoi.rois, noRoi.assignments);
    const noRoiProblems = inputProblems(bare, noRoi.series, noRoi.rois, ['T1', 'T2', 'T1C']);
    expect(noRoiProblems.map((p) => p.field)).toEqual(['roi', 'roi', 'roi']);
    expect(noRoiProblems[0].message).toMatch(/no SEG or RTSTRUCT/);

    const otherFrame = { ...T2, instances: [{ ...T2.instances![0], FrameOfReferenceUID: '9.9.9' }] };
    const study = studyState([T1, otherFrame, T1C, SEG]);
    let selection = reconcileSelection(emptySelection(), study.series, study.rois, study.assignments);
    selection = chooseRoi(selection, 'T2', `${SEG.SeriesInstanceUID}#1`);
    selection = chooseSeries(selection, 'T1C', T1.SeriesInstanceUID);
    const messages = inputProblems(selection, study.series, study.rois, ['T1', 'T2', 'T1C']).map((p) => `${p.sequence}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^T2: Different frame of reference: ROI 'GTV' \(SEG\) is in frame of reference 1\.2\.3\.100, the T2 series in 9\.9\.9/),
      expect.stringMatching(/^T1C: The same series .* is assigned to T1 and CE-T1/),
    ]);
  });

  test('only the sequences the card needs are required', () => {
    const { series, rois, assignments } = studyState([T1, T2, SEG]);
    const selection = reconcileSelection(emptySelection(), series, rois, assignments);
    expect(inputProblems(selection, series, rois, ['T1', 'T2'])).toEqual([]);
  });
});

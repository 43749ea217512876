import dcmjs from 'dcmjs';
import { RTSTRUCT, SEG, T1, T1C, T2 } from './fixtures';
import { classifyStudy } from '../../extension/src/panels/classify';
import { automaticSelection, chooseSeries, type Selection } from '../../extension/src/panels/model';
import { roiOptions, seriesOptions, type DisplaySetLike } from '../../extension/src/panels/studyData';
import { SEQUENCE_ATTRIBUTE, roiAttribute } from '../../extension/src/id';
import { automaticPlan, registerHangingProtocolAttributes } from '../../extension/src/viewport/hangingProtocol';
import { gridOfInstances, nearestImageIndex, roiCentreOfMass, type ImagePlane } from '../../extension/src/viewport/roiCentre';
import { ViewportFollower, type PanelChoices, type ViewportHost } from '../../extension/src/viewport/viewportFollower';
import { outlineMask, positionOf, type Grid, type Tumour } from '../../servers/samples/phantom';
import { tumourSegmentation, tumourStructureSet, type SeriesInfo, type StudyInfo } from '../../servers/samples/dicom';
import type { Vec3 } from '../../extension/src/radiomics/image/volume';

const STUDY_DISPLAY_SETS = [T1, T2, T1C, SEG, RTSTRUCT];

function choicesFor(displaySets: readonly DisplaySetLike[], change: (selection: Selection) => Selection = (s) => s): PanelChoices {
  const { assignments, perSeries } = classifyStudy(displaySets);
  const series = seriesOptions(displaySets, perSeries);
  const rois = roiOptions(displaySets);
  return { series, rois, selection: change(automaticSelection(series, rois, assignments)) };
}

describe('viewport plan and hanging protocol attributes', () => {
  test('each sequence shows its series; an ROI is laid over the series it was drawn on only', () => {
    expect(automaticPlan(STUDY_DISPLAY_SETS).map((p) => [p.viewportId, p.displaySetInstanceUIDs, p.roi?.label])).toEqual([
      ['prnn-T1', ['ds-3', 'ds-seg'], 'GTV'],
      ['prnn-T2', ['ds-4', 'ds-rt'], 'GTV_T2'],
      // The SEG drawn on T1 is CE-T1's ROI (same frame of reference) but is not laid over CE-T1: it opens on its centre.
      ['prnn-T1C', ['ds-7'], 'GTV'],
    ]);
  });

  test('the protocol matches on the same plan: sequence per series, ROI overlay per sequence', () => {
    const attributes = new Map<string, (ds: DisplaySetLike) => unknown>();
    registerHangingProtocolAttributes(
      { addCustomAttribute: (id, _name, callback) => attributes.set(id, callback) },
      { EVENTS: {}, getActiveDisplaySets: () => STUDY_DISPLAY_SETS, subscribe: () => ({ unsubscribe: () => undefined }) },
    );
    const sequenceOf = attributes.get(SEQUENCE_ATTRIBUTE)!;
    expect(STUDY_DISPLAY_SETS.map((ds) => sequenceOf(ds))).toEqual(['T1', 'T2', 'T1C', undefined, undefined]);
    const overlays = (['T1', 'T2', 'T1C'] as const).map((s) => STUDY_DISPLAY_SETS.filter((ds) => attributes.get(roiAttribute(s))!(ds)).map((ds) => ds.displaySetInstanceUID));
    expect(overlays).toEqual([['ds-seg'], ['ds-rt'], []]);
  });
});

/** A stack of `count` axial images 3 mm apart from z = 0, in the order a viewer may hold them (top first). */
function axialStack(count: number, topFirst = true): ImagePlane[] {
  const planes = Array.from({ length: count }, (_, k) => ({ imagePositionPatient: [0, 0, 3 * k] as Vec3, rowCosines: [1, 0, 0] as Vec3, columnCosines: [0, 1, 0] as Vec3 }));
  return topFirst ? planes.reverse() : planes;
}

describe('ViewportFollower', () => {
  function fakeHost(stacks: Record<string, { seriesInstanceUID: string; planes: ImagePlane[] }>, centre: Promise<Vec3 | null>) {
    const shown: Record<string, number> = {};
    const grid: Record<string, string[]> = { 'prnn-T1': ['ds-3', 'ds-seg'], 'prnn-T2': ['ds-4', 'ds-rt'], 'prnn-T1C': ['ds-7'] };
    const setDisplaySets = jest.fn((viewportId: string, uids: string[]) => void (grid[viewportId] = uids));
    const warn = jest.fn();
    const host: ViewportHost = {
      displaySetsOf: (viewportId) => grid[viewportId],
      setDisplaySets,
      stackOf: (viewportId) => stacks[viewportId] ?? null,
      showImage: (viewportId, index) => void (shown[viewportId] = index),
      centreOf: jest.fn(() => centre),
      warn,
    };
    return { host, shown, setDisplaySets, warn };
  }

  test('a mounted viewport moves to the image nearest its ROI centre once that is known; automatic choices stay as the protocol hung them', async () => {
    let resolve: (centre: Vec3) => void = () => undefined;
    const centre = new Promise<Vec3>((r) => (resolve = r));
    const { host, shown, setDisplaySets } = fakeHost({ 'prnn-T1': { seriesInstanceUID: T1.SeriesInstanceUID, planes: axialStack(10) } }, centre);
    const follower = new ViewportFollower(host);
    follower.viewportMounted('prnn-T1');
    follower.follow(choicesFor(STUDY_DISPLAY_SETS), STUDY_DISPLAY_SETS);
    expect(shown).toEqual({});
    resolve([5, 5, 7.9]);
    await centre;
    await Promise.resolve();
    // z = 7.9 is nearest the image at z = 9, the 7th of a top-first stack of z = 27 ... 0.
    expect(shown).toEqual({ 'prnn-T1': 6 });
    expect(setDisplaySets).not.toHaveBeenCalled();
    // Scrolling afterwards is the user's: a new panel update does not move it back.
    follower.follow(choicesFor(STUDY_DISPLAY_SETS), STUDY_DISPLAY_SETS);
    shown['prnn-T1'] = 0;
    follower.follow(choicesFor(STUDY_DISPLAY_SETS), STUDY_DISPLAY_SETS);
    expect(shown).toEqual({ 'prnn-T1': 0 });
  });

  test('a series chosen in the panel replaces the viewport content once, and the viewport opens on the ROI centre when it mounts', async () => {
    const stacks: Record<string, { seriesInstanceUID: string; planes: ImagePlane[] }> = {};
    const { host, shown, setDisplaySets } = fakeHost(stacks, Promise.resolve([0, 0, 3] as Vec3));
    const follower = new ViewportFollower(host);
    const overridden = choicesFor(STUDY_DISPLAY_SETS, (s) => chooseSeries(s, 'T1', T1C.SeriesInstanceUID));
    follower.follow(overridden, STUDY_DISPLAY_SETS);
    follower.follow(overridden, STUDY_DISPLAY_SETS);
    // CE-T1's series has no ROI drawn on it, so nothing is laid over it.
    expect(setDisplaySets.mock.calls).toEqual([['prnn-T1', ['ds-7']]]);
    stacks['prnn-T1'] = { seriesInstanceUID: T1C.SeriesInstanceUID, planes: axialStack(4, false) };
    await Promise.resolve();
    follower.viewportMounted('prnn-T1');
    expect(shown).toEqual({ 'prnn-T1': 1 });
  });

  test('without an ROI the viewport stays where the protocol opened it; a centre that cannot be found is reported', async () => {
    const noRoi = [T1, T2, T1C];
    const { host, shown, warn } = fakeHost({ 'prnn-T2': { seriesInstanceUID: T2.SeriesInstanceUID, planes: axialStack(5) } }, Promise.reject(new Error('HTTP 404')));
    const follower = new ViewportFollower(host);
    follower.viewportMounted('prnn-T2');
    follower.follow(choicesFor(noRoi), noRoi);
    follower.follow(choicesFor(STUDY_DISPLAY_SETS), STUDY_DISPLAY_SETS);
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual({});
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ROI 'GTV_T2' could not be found: HTTP 404/));
  });
});

describe('ROI centre of mass', () => {
  const grid: Grid = { rows: 64, columns: 64, slices: 12, pixelSpacingMm: 0.9, sliceThicknessMm: 3.5, origin: [-28.35, -28.35, -19.25] };
  const tumour: Tumour = { centre: [-4, 3, 2], radii: [12, 9, 9], lobePhase: 0.7, necroticFraction: 0 };
  const study: StudyInfo = { key: 'centre', patientName: 'SYNTHETIC^CENTRE', patientId: 'C', patientBirthDate: '', patientSex: 'F', studyDescription: '', studyDate: '20240101', studyTime: '', accessionNumber: '' };
  const series: SeriesInfo = { key: 't2', sequence: 'T2', seriesNumber: 4, seriesDescription: 't2' };
  const images = Array.from({ length: grid.slices }, (_, k) => ({
    ImagePositionPatient: positionOf(grid, 0, 0, k),
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PixelSpacing: [grid.pixelSpacingMm, grid.pixelSpacingMm],
    Rows: grid.rows,
    Columns: grid.columns,
    FrameOfReferenceUID: '',
  }));
  const parse = (bytes: Uint8Array) => {
    const message = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    return { ...dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict), TransferSyntaxUID: message.meta['00020010']?.Value?.[0] };
  };
  // The generator's own mask, independent of our readers: its centre of mass is the reference.
  const mask = outlineMask(grid, tumour);
  const reference: Vec3 = [0, 0, 0];
  let voxels = 0;
  mask.forEach((inside, index) => {
    if (!inside) return;
    const p = positionOf(grid, index % grid.columns, Math.floor(index / grid.columns) % grid.rows, Math.floor(index / (grid.rows * grid.columns)));
    reference.forEach((_, axis) => (reference[axis] += p[axis]));
    voxels++;
  });
  reference.forEach((_, axis) => (reference[axis] /= voxels));

  test('SEG and RTSTRUCT of the same tumour: centre of mass of the generator mask, nearest slice the one through it', () => {
    const target = gridOfInstances([...images].reverse());
    expect(target.volume.origin).toEqual(positionOf(grid, 0, 0, 0));
    const frameOfReferenceUID = (segment: Record<string, unknown>) => ({ ...target, frameOfReferenceUID: String(segment.FrameOfReferenceUID) });
    const seg = parse(tumourSegmentation(study, series, grid, mask, 100));
    const segCentre = roiCentreOfMass(seg, 1, frameOfReferenceUID(seg))!;
    segCentre.forEach((value, axis) => expect(value).toBeCloseTo(reference[axis], 6));
    const rt = parse(tumourStructureSet(study, series, grid, tumour, 101));
    const rtCentre = roiCentreOfMass(rt, 1, frameOfReferenceUID(rt))!;
    rtCentre.forEach((value, axis) => expect(Math.abs(value - reference[axis])).toBeLessThan(0.5));
    const planes = images.map((image) => ({ imagePositionPatient: image.ImagePositionPatient, rowCosines: [1, 0, 0] as Vec3, columnCosines: [0, 1, 0] as Vec3 }));
    // The tumour's centre z = 2 lies in slice 6 (z = 1.75) of this grid.
    expect(nearestImageIndex(planes, segCentre)).toBe(6);
    expect(nearestImageIndex(planes, rtCentre)).toBe(6);
  });

  test('refuses what has no grid', () => {
    expect(() => gridOfInstances([])).toThrow('the image series has no instances, so it has no grid');
    expect(() => nearestImageIndex([], [0, 0, 0])).toThrow('The viewport holds no image');
  });
});

/**
 * PRNN SR: written from a real extraction on STS_001 (T2 GTV_Mass RTSTRUCT, and the seg_dcmqi_tiny SEG), checked by
 * dciodvfy (no errors; only the warnings docs/sr.md documents), and read back exactly by readPrnnSr.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { roiToMask } from '../../extension/src/dicom/masks';
import { seriesToVolume } from '../../extension/src/dicom/series';
import { buildPrnnSr, readPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10, type PrnnSrInput } from '../../extension/src/dicom/sr';
import { decimalString } from '../../extension/src/dicom/sr/write';
import { featureCode } from '../../extension/src/dicom/sr/codes';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import { extract, type ExtractionResult } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { fixturePath, REPO_ROOT } from '../support/fixtures';
import { dciodvfy } from './dciodvfy';

const PARAMS_TEXT = readFileSync(join(REPO_ROOT, 'test', 'sr', 'small-params.yaml'), 'utf8');
/** Filtered-image features (values made up) beside the extracted ones, so that image-type modifiers are exercised. */
const FILTERED = { 'log-sigma-3-0-mm-3D_glcm_Idmn': 0.9312, 'wavelet-LH_glszm_SmallAreaEmphasis': 0.4125, 'wavelet-HH_firstorder_Mean': -Infinity };
const workDir = mkdtempSync(join(tmpdir(), 'prnn-sr-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function sequenceInput(seriesDir: string, roiFile: string, roi: string | number, sequence: string, extra: Record<string, number> = {}) {
  const instances = await readDicomImages(seriesDir);
  const roiDataset = await readDicomFile(roiFile);
  const series = seriesToVolume(instances);
  const features = extract(series.volume, roiToMask(roiDataset, series, roi), loadParams(PARAMS_TEXT));
  Object.assign(features, extra);
  return { instances, features, measurements: { sequence, series: sourceSeriesOf(instances), roi: roiReferenceOf(roiDataset, roi), features } };
}

describe('PRNN SR on STS_001 (RTSTRUCT) and seg_dcmqi_tiny (SEG)', () => {
  let t2: Awaited<ReturnType<typeof sequenceInput>>;
  let seg: Awaited<ReturnType<typeof sequenceInput>>;
  const files: Record<string, { path: string; dataset: DicomDataset }> = {};
  const contentDateTime = new Date(Date.UTC(2026, 10, 26, 21, 5, 9, 250));

  beforeAll(async () => {
    const sts = fixturePath('mr_multiseq_sts001', 'STS_001', 'MR_T2');
    t2 = await sequenceInput(join(sts, 'image'), join(sts, 'mask', '1-1.dcm'), 'GTV_Mass', 'T2', FILTERED);
    const tiny = fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3');
    seg = await sequenceInput(join(tiny, 'image'), join(tiny, 'seg', 'label.seg'), 1, 'T1');
    const inputs: Record<string, PrnnSrInput> = {
      'rtstruct-full.dcm': {
        studyInstance: t2.instances[0],
        measurements: [t2.measurements],
        signature: {
          card: { name: 'PRNN demo signature (SYNTHETIC)', version: '1.0.0', sha256: 'a'.repeat(64), notForClinicalUse: true },
          probability: 0.7312,
          riskGroup: 'high',
          riskGroupLabel: 'High risk',
          threshold: 0.5,
        },
        comparison: {
          readerA: 'T2 GTV_Mass', readerB: 'T2 GTV_Mass reader B', dice: 0.9911, hausdorff95Mm: 0.5234375, volumeAMm3: 1000, volumeBMm3: 1010.5,
          relativeDifferences: { original_shape_VoxelVolume: 0.0105, original_glszm_SmallAreaEmphasis: NaN }, probabilityDifference: -0.02, riskGroupChanged: false,
        },
        observerName: 'Doe^Jane',
        softwareVersion: 'prnn-ohif 0.1.0',
        extractionSettings: PARAMS_TEXT,
        contentDateTime,
      },
      'seg-minimal.dcm': { studyInstance: seg.instances[0], measurements: [seg.measurements], softwareVersion: 'prnn-ohif 0.1.0', extractionSettings: PARAMS_TEXT },
    };
    for (const [name, input] of Object.entries(inputs)) {
      const path = join(workDir, name);
      writeFileSync(path, toPart10(buildPrnnSr(input)));
      files[name] = { path, dataset: await readDicomFile(path) };
    }
  }, 120000);

  test.each(['rtstruct-full.dcm', 'seg-minimal.dcm'])('%s passes dciodvfy with no errors and only documented warnings', (name) => {
    const result = dciodvfy(files[name].path);
    expect(result.errors).toEqual([]);
    expect(result.undocumented).toEqual([]);
  });

  test('dciodvfy catches a broken SR (the check can fail)', () => {
    const broken = buildPrnnSr({ studyInstance: seg.instances[0], measurements: [seg.measurements], softwareVersion: 'x', extractionSettings: '' });
    delete broken.CompletionFlag;
    (broken.ContentSequence as DicomDataset[])[0].RelationshipType = 'INFERRED FROM';
    const path = join(workDir, 'broken.dcm');
    writeFileSync(path, toPart10(broken));
    expect(dciodvfy(path).errors.length).toBeGreaterThan(0);
  });

  test('readPrnnSr gives back who, when, which card, probability, risk group, every feature exactly, and the comparison', () => {
    const stored = readPrnnSr(files['rtstruct-full.dcm'].dataset);
    expect(stored.observer).toEqual({ person: 'Doe^Jane', device: 'prnn-ohif' });
    expect(stored.contentDateTime).toBe('2026-11-26T21:05:09.250Z');
    expect(stored.softwareVersion).toBe('prnn-ohif 0.1.0');
    // UT values lose trailing white space (PS3.5 6.2: it is insignificant).
    expect(stored.extractionSettings).toBe(PARAMS_TEXT.trimEnd());
    expect(stored.signature).toEqual({
      card: { name: 'PRNN demo signature (SYNTHETIC)', version: '1.0.0', sha256: 'a'.repeat(64), notForClinicalUse: true },
      probability: 0.7312, threshold: 0.5, riskGroup: 'high', riskGroupLabel: 'High risk',
    });
    expect(stored.studyInstanceUID).toBe(t2.instances[0].StudyInstanceUID);
    expect(stored.sequences).toHaveLength(1);
    const [sequence] = stored.sequences;
    expect(sequence.sequence).toBe('T2');
    expect(sequence.roi).toEqual({ kind: 'RTSTRUCT', sopInstanceUID: t2.measurements.roi.sopInstanceUID, number: t2.measurements.roi.number, name: 'GTV_Mass' });
    expect(sequence.sourceSeriesInstanceUID).toBe(t2.instances[0].SeriesInstanceUID);
    const expected = numericFeatures(t2.features);
    expect(Object.keys(expected).length).toBe(14 + 18 + 24 + 16 + Object.keys(FILTERED).length);
    expect(Object.keys(sequence.features).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expect(Object.is(sequence.features[key], value) || sequence.features[key] === value).toBe(true);
    expect(stored.comparison).toEqual({
      readerA: 'T2 GTV_Mass', readerB: 'T2 GTV_Mass reader B', dice: 0.9911, hausdorff95Mm: 0.5234375, volumeAMm3: 1000, volumeBMm3: 1010.5,
      relativeDifferences: { original_shape_VoxelVolume: 0.0105, original_glszm_SmallAreaEmphasis: NaN }, probabilityDifference: -0.02, riskGroupChanged: false,
    });
  });

  test('a SEG segment is referenced with its segment number; no signature means none is read back', () => {
    const stored = readPrnnSr(files['seg-minimal.dcm'].dataset);
    expect(stored.sequences[0].roi.kind).toBe('SEG');
    expect(stored.sequences[0].roi.number).toBe(1);
    expect(stored.signature).toBeUndefined();
    expect(stored.observer).toEqual({ device: 'prnn-ohif' });
    expect(stored.sequences[0].features).toEqual(numericFeatures(seg.features));
  });

  test('features are coded with IBSI codes where IBSI has one, else 99PRNN; the image type is a modifier', () => {
    const group = findGroup(files['rtstruct-full.dcm'].dataset, 'T2');
    const nums = (group.ContentSequence as DicomDataset[]).filter((i) => i.ValueType === 'NUM' && i.ContentSequence);
    const concept = (i: DicomDataset) => (i.ConceptNameCodeSequence as DicomDataset[])[0];
    const meshVolume = nums.filter((i) => concept(i).CodeValue === 'RNU0');
    expect(meshVolume).toHaveLength(1);
    expect(concept(meshVolume[0])).toMatchObject({ CodingSchemeDesignator: 'IBSI', CodeMeaning: 'Volume (mesh)' });
    const units = ((meshVolume[0].MeasuredValueSequence as DicomDataset[])[0].MeasurementUnitsCodeSequence as DicomDataset[])[0];
    expect(units).toMatchObject({ CodeValue: 'mm3', CodingSchemeDesignator: 'UCUM' });
    expect(featureCode('glszm', 'SmallAreaEmphasis')).toEqual({ value: 'glszm_SmallAreaEmphasis', scheme: '99PRNN', meaning: 'PyRadiomics glszm SmallAreaEmphasis' });
    const logIdmn = nums.filter((i) => concept(i).CodeValue === '1QCO');
    expect(logIdmn).toHaveLength(2); // original and LoG sigma 3 (FILTERED)
    const imageTypes = logIdmn.map((i) => ((i.ContentSequence as DicomDataset[])[0].ConceptCodeSequence as DicomDataset[])[0]);
    expect(imageTypes.map((c) => c.LongCodeValue ?? c.CodeValue).sort()).toEqual(['log-sigma-3-0-mm-3D', 'original']);
  });

  test('DS values stay within 16 characters and FloatingPointValue carries the exact number', () => {
    for (const x of [0.1 + 0.2, -1234567.891011121, 1e-300, 6.02214076e23, -0.000123456789012345, 42]) {
      const ds = decimalString(x);
      expect(ds.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(ds) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-9);
    }
  });
});

function numericFeatures(result: ExtractionResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result).filter(([k, v]) => !k.startsWith('diagnostics_') && typeof v === 'number')) as Record<string, number>;
}

function findGroup(dataset: DicomDataset, sequence: string): DicomDataset {
  const containers = (dataset.ContentSequence as DicomDataset[]).find((i) => (i.ConceptNameCodeSequence as DicomDataset[])[0].CodeValue === '126010')!;
  return (containers.ContentSequence as DicomDataset[]).find((g) =>
    (g.ContentSequence as DicomDataset[]).some((i) => i.TextValue === sequence && (i.ConceptNameCodeSequence as DicomDataset[])[0].CodeValue === 'SEQUENCE'),
  )!;
}

import { type SeriesInfo, classifyOne, classifySeries } from '../../extension/src/dicom/classify';

/** Series names as scanners of several vendors and sites write them, with the class a radiologist would give. */
const TABLE: [vendor: string, description: string, extra: Partial<SeriesInfo>, expected: 'T1' | 'T2' | 'CE-T1' | 'other'][] = [
  ['Siemens', 't1_tse_tra', { repetitionTime: 550, echoTime: 11 }, 'T1'],
  ['Siemens', 't1_tse_tra_fs_post', {}, 'CE-T1'],
  ['Siemens', 't1_vibe_fs_tra_post', { sequenceName: '*fl3d1', repetitionTime: 4.1, echoTime: 1.9 }, 'CE-T1'],
  ['Siemens', 't1_vibe_fs_tra', { sequenceName: '*fl3d1' }, 'T1'],
  ['Siemens', 't2_tse_tra', { repetitionTime: 4000, echoTime: 96 }, 'T2'],
  ['Siemens', 't2_tse_tra_fs', {}, 'T2'],
  ['Siemens', 't2_tse_cor', {}, 'T2'],
  ['Siemens', 't1_tse_fs_tra_KM', {}, 'CE-T1'],
  ['Siemens', 't1_mprage_sag_p2_iso_post', {}, 'CE-T1'],
  ['Siemens', 'ep2d_diff_b50_800_tra', {}, 'other'],
  ['Siemens', 't2_tirm_tra_dark-fluid', {}, 'other'],
  ['Siemens', 'localizer', {}, 'other'],
  ['Siemens', 't1_tse_dixon_tra_W', { contrastBolusAgent: 'Dotarem' }, 'CE-T1'],
  ['GE', 'Ax T1 FSE', { repetitionTime: 600, echoTime: 9 }, 'T1'],
  ['GE', 'AX T1 POST GAD', {}, 'CE-T1'],
  ['GE', 'AX T2 FRFSE FS', { repetitionTime: 3800, echoTime: 85 }, 'T2'],
  ['GE', 'Ax T1 FS POST', {}, 'CE-T1'],
  ['GE', 'AX T1 +C', {}, 'CE-T1'],
  ['GE', '3D BRAVO +C', {}, 'CE-T1'],
  ['GE', 'OAx T2 PROPELLER', {}, 'T2'],
  ['GE', 'Ax DWI 1000b', {}, 'other'],
  ['GE', 'AX T1 W/ GAD', {}, 'CE-T1'],
  ['GE', 'AX T1 W/O', {}, 'T1'],
  ['GE', 'Ax T2 FLAIR', {}, 'other'],
  ['Philips', 'T1W_TSE', { repetitionTime: 500, echoTime: 10 }, 'T1'],
  ['Philips', 'T2W_TSE_FS', {}, 'T2'],
  ['Philips', 'T1W_TSE_FS_GD', {}, 'CE-T1'],
  ['Philips', 'sT1W_3D_TFE_post', {}, 'CE-T1'],
  ['Philips', 'T1W_mDIXON_TSE_CE', {}, 'CE-T1'],
  ['Philips', 'DWI_b1000', {}, 'other'],
  ['Philips', 'Survey', {}, 'other'],
  ['Philips', 'T2W_SPAIR_tra', {}, 'T2'],
  ['Canon', 'T1W_SE_AX', {}, 'T1'],
  ['Canon', 'T2W_FSE_AX', {}, 'T2'],
  ['Canon', 'T1W_SE+C', {}, 'CE-T1'],
  ['Canon', 'FASE_AX', {}, 'T2'],
  ['United Imaging', 't1_fse_tra', {}, 'T1'],
  ['United Imaging', 't2_fse_tra_fs', {}, 'T2'],
  ['United Imaging', 't1_gre_fs_tra_+c', {}, 'CE-T1'],
  ['Hitachi', 'T1W_SE_Gd', {}, 'CE-T1'],
  ['site', 'T1WI', {}, 'T1'],
  ['site', 'T2WI FS', {}, 'T2'],
  ['site', 'T1+C_FS', {}, 'CE-T1'],
  ['site', 'CE-T1WI', {}, 'CE-T1'],
  ['site', 'T1WI-FS+C', {}, 'CE-T1'],
  ['site', 'T1-C axial', {}, 'CE-T1'],
  ['site', 'AX T1 PRE', {}, 'T1'],
  ['site', 'Precontrast T1 axial', {}, 'T1'],
  ['site', 'T2* GRE', {}, 'other'],
  ['site', 'AXIAL SE T1 - RESEARCH', {}, 'T1'],
  ['site', 'AXIAL SE T2 FAT SAT - RESEARCH', {}, 'T2'],
  ['unnamed', 'SE', { repetitionTime: 520, echoTime: 12, scanningSequence: ['SE'] }, 'T1'],
  ['unnamed', 'SE', { repetitionTime: 3500, echoTime: 100, scanningSequence: ['SE'] }, 'T2'],
  ['unnamed', 'SE', { repetitionTime: 520, echoTime: 12, contrastBolusAgent: 'Gadovist 7.5 ml' }, 'CE-T1'],
  ['derived', 't1_vibe_fs_tra_post_SUB', { imageType: ['DERIVED', 'SECONDARY', 'SUBTRACTION'] }, 'other'],
  ['derived', 'ADC', { imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'] }, 'other'],
];

describe('series matching: one series at a time', () => {
  test('the table has at least 40 real-world style names from several vendors', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TABLE.map(([vendor]) => vendor)).size).toBeGreaterThanOrEqual(5);
  });

  test.each(TABLE)('%s "%s" -> %s', (_vendor, description, extra, expected) => {
    const result = classifyOne({ seriesInstanceUID: '1', modality: 'MR', seriesDescription: description, ...extra });
    expect({ description, class: result.class }).toEqual({ description, class: expected });
    expect(result.reasons.length).toBeGreaterThan(0);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  test('a non-MR series is other', () => {
    expect(classifyOne({ seriesInstanceUID: '1', modality: 'CT', seriesDescription: 'T1 axial' }).class).toBe('other');
  });

  test('ProtocolName counts when SeriesDescription says nothing', () => {
    expect(classifyOne({ seriesInstanceUID: '1', seriesDescription: 'Series 5', protocolName: 't2_tse_tra_fs' }).class).toBe('T2');
  });

  test('name and timing together are more confident than the name alone', () => {
    const alone = classifyOne({ seriesInstanceUID: '1', seriesDescription: 't2_tse_tra' });
    const both = classifyOne({ seriesInstanceUID: '1', seriesDescription: 't2_tse_tra', repetitionTime: 4000, echoTime: 100 });
    expect(both.confidence).toBeGreaterThan(alone.confidence);
  });
});

describe('series matching: a study', () => {
  const info = (uid: string, description: string, time: string, extra: Partial<SeriesInfo> = {}): SeriesInfo => ({
    seriesInstanceUID: uid,
    modality: 'MR',
    seriesDescription: description,
    acquisitionTime: time,
    plane: 'axial',
    ...extra,
  });

  test('a complete nasopharynx protocol', () => {
    const result = classifySeries([
      info('loc', 'localizer', '100000'),
      info('t2', 't2_tse_tra_fs', '100500'),
      info('t1', 't1_tse_tra', '101000'),
      info('dwi', 'ep2d_diff_tra', '101500'),
      info('ce', 't1_tse_fs_tra_post', '103000'),
      info('cecor', 't1_tse_fs_cor_post', '103500', { plane: 'coronal' }),
    ]);
    expect(result.assignments).toEqual({ T1: 't1', T2: 't2', 'CE-T1': 'ce' });
    expect(result.missing).toEqual([]);
    expect(result.perSeries.dwi.class).toBe('other');
  });

  test('acquisition order: a T1 repeated after a post-contrast series is taken as post-contrast', () => {
    const result = classifySeries([
      info('t1', 't1_tse_tra', '100000'),
      info('vibe', 't1_vibe_fs_tra_post', '101000'),
      info('t1again', 't1_tse_tra', '102000'),
    ]);
    expect(result.perSeries.t1again.class).toBe('CE-T1');
    expect(result.perSeries.t1again.reasons.join(' ')).toMatch(/acquired after "t1_vibe_fs_tra_post"/);
    expect(result.assignments.T1).toBe('t1');
    expect(result.assignments['CE-T1']).toBe('vibe');
  });

  test('a study without contrast reports CE-T1 missing', () => {
    const result = classifySeries([info('a', 'T1W_TSE', '090000'), info('b', 'T2W_TSE_FS', '091000')]);
    expect(result.assignments).toEqual({ T1: 'a', T2: 'b' });
    expect(result.missing).toEqual(['CE-T1']);
  });
});

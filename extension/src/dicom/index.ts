/**
 * DICOM in: image series -> Volume, RTSTRUCT / SEG -> mask, T1/T2/CE-T1 series matching. Pure functions over
 * dcmjs-naturalized data sets (see dataset.ts), the same in the browser (DICOMweb metadata + frames, or what the
 * viewer loaded) and in Node (node/load.ts reads folders of Part 10 files). Conventions: docs/dicom.md.
 *
 * Browser-side API (the viewer and the worker call these):
 *   seriesToVolume(instances: DicomDataset[]): SeriesVolume
 *       One series -> { volume, seriesInstanceUID, frameOfReferenceUID, slices }. PixelData of each instance must be
 *       uncompressed little-endian: one buffer with all frames as stored, or one decoded buffer per frame.
 *   listRois(roiDataset: DicomDataset): RoiInfo[]                          ROIs of an RTSTRUCT / segments of a SEG
 *   roiToMask(roiDataset, target: MaskTarget, choice?: string | number): Volume<Uint8Array>
 *       The ROI (by name, number, or the only one) on the target grid ({ volume, frameOfReferenceUID }, e.g. a
 *       SeriesVolume). RTSTRUCT contours must lie in the target's slice planes; SEG frames on its voxel grid.
 *   mapMaskToGrid(mask: Volume, maskFrameOfReferenceUID, target: MaskTarget): Volume<Uint8Array>
 *       A mask made on one series (e.g. roiToMask on the series the ROI was drawn on) mapped onto another series'
 *       grid through patient coordinates, nearest neighbour. Use it when the ROI belongs to another sequence.
 *   seriesInfoOf(anyInstanceOfTheSeries: DicomDataset): SeriesInfo
 *   classifySeries(series: SeriesInfo[]): { assignments, missing, perSeries: { class, confidence, reasons[] } }
 * Every function throws DicomInputError with a message that says what is wrong for input it cannot use.
 *
 * Node-only (not exported here, so browser bundles stay free of fs): node/load.ts
 *   loadDicomImageAndMask(seriesDir, roiFile, { roi }): Promise<{ image: Volume; mask: Volume }>
 *   loadDicomSeries(dir): Promise<SeriesVolume>, readDicomImages(dir), readDicomFile(path)
 */
export { type DicomDataset, DicomInputError } from './dataset';
export { type SeriesVolume, seriesToVolume } from './series';
export { type MaskTarget, type RoiChoice, type RoiInfo } from './roi';
export { listRois, roiToMask } from './masks';
export { listRtstructRois, rtstructToMask } from './rtstruct';
export { listSegments, segToMask } from './seg';
export { mapMaskToGrid } from './mapping';
export { type SeriesInfo, type SeriesMatching, type SequenceClass, classifySeries, seriesInfoOf } from './classify';

import { instancesFromViewer } from '../../extension/src/services/viewerPixels';
import type { ExtensionManager } from '../../extension/src/services/host';
import { seriesToVolume } from '../../extension/src/dicom/series';

/** Two 2x3 axial slices 4 mm apart, as OHIF keeps them (naturalised metadata + the cornerstone imageId). */
function instances(extra: Record<string, unknown> = {}) {
  return [0, 1].map((k) => ({
    imageId: `wadors:/frames/${k}`,
    SOPInstanceUID: `1.2.${k}`,
    SeriesInstanceUID: '1.2',
    FrameOfReferenceUID: '1.2.9',
    Rows: 2,
    Columns: 3,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelSpacing: [0.5, 0.4],
    SliceThickness: 4,
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    ImagePositionPatient: [10, 20, 4 * k],
    ...extra,
  }));
}

const pixels: Record<string, number[]> = {
  'wadors:/frames/0': [1, 2, 3, 4, 5, 6],
  'wadors:/frames/1': [7, 8, 9, 10, 11, 4095],
};

function host(cache: object): ExtensionManager {
  return {
    getModuleEntry: (id: string) =>
      id === '@ohif/extension-cornerstone.utilityModule.common' ? { exports: { getCornerstoneLibraries: () => ({ cornerstone: { cache } }) } } : undefined,
  };
}

const stackCache = (values: Record<string, ArrayLike<number>>) => ({
  getVolumes: () => [],
  getImage: (imageId: string) => (values[imageId] ? { rows: 2, columns: 3, getPixelData: () => values[imageId] } : undefined),
});

describe('pixels from the viewer', () => {
  test('cached stack images become the same volume the DICOM layer builds, stored values and all', () => {
    const floats = Object.fromEntries(Object.entries(pixels).map(([id, v]) => [id, Float32Array.from(v)]));
    const result = instancesFromViewer(host(stackCache(floats)), { instances: instances() });
    expect(result).not.toBeNull();
    const { volume } = seriesToVolume(result!);
    expect(volume.size).toEqual([3, 2, 2]);
    expect(volume.spacing).toEqual([0.4, 0.5, 4]);
    expect(volume.pixelType).toBe('uint16');
    expect(Array.from(volume.data)).toEqual([...pixels['wadors:/frames/0'], ...pixels['wadors:/frames/1']]);
  });

  test('a loaded cornerstone volume is read slice by slice in its own imageId order', () => {
    const cache = {
      getVolumes: () => [
        {
          imageIds: ['wadors:/frames/1', 'wadors:/frames/0'],
          dimensions: [3, 2, 2],
          loadStatus: { loaded: true },
          voxelManager: { getCompleteScalarDataArray: () => Float32Array.from([...pixels['wadors:/frames/1'], ...pixels['wadors:/frames/0']]) },
        },
      ],
      getImage: () => undefined,
    };
    const { volume } = seriesToVolume(instancesFromViewer(host(cache), { instances: instances() })!);
    expect(Array.from(volume.data)).toEqual([...pixels['wadors:/frames/0'], ...pixels['wadors:/frames/1']]);
  });

  test('falls back to DICOMweb (null) whenever the cached values might not be the stored ones', () => {
    expect(instancesFromViewer(host(stackCache(pixels)), { instances: instances({ RescaleSlope: 2 }) })).toBeNull();
    expect(instancesFromViewer(host(stackCache({ ...pixels, 'wadors:/frames/1': [7, 8, 9, 10, 11, 4.5] })), { instances: instances() })).toBeNull();
    expect(instancesFromViewer(host(stackCache({ 'wadors:/frames/0': pixels['wadors:/frames/0'] })), { instances: instances() })).toBeNull();
    expect(instancesFromViewer({ getModuleEntry: () => undefined }, { instances: instances() })).toBeNull();
  });
});

"""Reference data for the DICOM layer (test/dicom), from SimpleITK 2.5 (GDCM) and plastimatch, never from our code.

For each DICOM image series: the geometry, pixel type and a SHA-256 of the voxels SimpleITK's ImageSeriesReader
gives. For the masks: the NIfTI mask shipped with STS_025, the NRRD ground truth of the dcmqi SEG phantoms, and
plastimatch's rasterisation of each RTSTRUCT ROI (on its own series and, for STS_001, on the other series), stored
as runs of flat voxel indices (i fastest). Run: .venv/bin/python scripts/reference/dicom_reference.py
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import SimpleITK as sitk

from common import FIXTURES, ROOT, geometry

OUT = os.path.join(ROOT, 'test', 'reference', 'dicom')

STS025 = os.path.join(FIXTURES, 'mr_rtstruct_sts025')
STS001 = os.path.join(FIXTURES, 'mr_multiseq_sts001', 'STS_001')
DCMQI = os.path.join(FIXTURES, 'seg_dcmqi_tiny', 'data', 'segmentations')

LITTLE_ENDIAN_TYPES = {
    sitk.sitkUInt8: ('uint8', '<u1'), sitk.sitkInt8: ('int8', '<i1'),
    sitk.sitkUInt16: ('uint16', '<u2'), sitk.sitkInt16: ('int16', '<i2'),
    sitk.sitkUInt32: ('uint32', '<u4'), sitk.sitkInt32: ('int32', '<i4'),
    sitk.sitkFloat32: ('float32', '<f4'), sitk.sitkFloat64: ('float64', '<f8'),
}


def describe_image(image):
    name, dtype = LITTLE_ENDIAN_TYPES[image.GetPixelID()]
    # GetArrayFromImage is indexed [k, j, i]; its C order is ITK's buffer order (i fastest).
    voxels = np.ascontiguousarray(sitk.GetArrayFromImage(image)).astype(dtype)
    return {
        **geometry(image),
        'pixelType': name,
        'sha256': hashlib.sha256(voxels.tobytes()).hexdigest(),
        'sum': float(voxels.astype(np.float64).sum()),
        'min': float(voxels.min()),
        'max': float(voxels.max()),
    }


def read_series(directory):
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(directory))
    return reader.Execute()


def runs(mask_image):
    flat = (sitk.GetArrayFromImage(mask_image).ravel() != 0).astype(np.int8)
    edges = np.diff(np.concatenate([[0], flat, [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return {**geometry(mask_image), 'count': int(flat.sum()), 'runs': [[int(s), int(e - s)] for s, e in zip(starts, ends)]}


def plastimatch_masks(rtstruct, series_dir, fixed_dir):
    """plastimatch convert: one mask per structure on the grid of `fixed_dir`'s series (default: the referenced one)."""
    with tempfile.TemporaryDirectory() as tmp:
        args = ['plastimatch', 'convert', '--input', rtstruct, '--referenced-ct', series_dir, '--output-prefix', tmp,
                '--prefix-format', 'nrrd']
        if fixed_dir:
            fixed = os.path.join(tmp, 'fixed.nrrd')
            sitk.WriteImage(read_series(fixed_dir), fixed)
            args += ['--fixed', fixed]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        version = subprocess.run(['plastimatch', '--version'], capture_output=True, text=True).stdout.strip()
        masks = {}
        for name in sorted(os.listdir(tmp)):
            if name.endswith('.nrrd') and name != 'fixed.nrrd':
                masks[name[:-5]] = runs(sitk.ReadImage(os.path.join(tmp, name)))
        return version, masks


def jpeg_lossless_phantom():
    """A small synthetic signed 16-bit oblique MR series written by SimpleITK, then stored as JPEG Lossless SV1 by
    dcmtk (dcmcjpeg +e1) into test/reference/dicom/jpeg_lossless/ as input for the Node decoder; returns what
    SimpleITK reads back from the encoded files."""
    k, j, i = np.mgrid[0:6, 0:30, 0:40]
    voxels = ((i * 37 + j * 101 + k * 997) % 3000 - 1200).astype(np.int16)
    image = sitk.GetImageFromArray(voxels)
    image.SetSpacing((0.5, 0.6, 3.0))
    image.SetOrigin((-10.0, 20.0, 30.0))
    angle = 0.1
    image.SetDirection((1, 0, 0, 0, np.cos(angle), -np.sin(angle), 0, np.sin(angle), np.cos(angle)))
    encoded_dir = os.path.join(OUT, 'jpeg_lossless')
    os.makedirs(encoded_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        writer = sitk.ImageFileWriter()
        writer.KeepOriginalImageUIDOn()
        direction = image.GetDirection()
        series_uid = '1.2.826.0.1.3680043.8.498.1'
        for z in range(image.GetDepth()):
            slice_image = image[:, :, z]
            for tag, value in [
                ('0008|0060', 'MR'), ('0008|0016', '1.2.840.10008.5.1.4.1.1.4'),
                ('0008|0018', f'{series_uid}.{z + 1}'), ('0020|000e', series_uid),
                ('0020|000d', '1.2.826.0.1.3680043.8.498.2'), ('0020|0052', '1.2.826.0.1.3680043.8.498.3'),
                ('0008|103e', 'synthetic phantom (not patient data)'), ('0020|0013', str(z + 1)),
                ('0020|0032', '\\'.join(f'{v:.6f}' for v in image.TransformIndexToPhysicalPoint((0, 0, z)))),
                ('0020|0037', '\\'.join(f'{v:.8f}' for v in (direction[0], direction[3], direction[6],
                                                               direction[1], direction[4], direction[7]))),
            ]:
                slice_image.SetMetaData(tag, value)
            plain = os.path.join(tmp, f'{z:03d}.dcm')
            writer.SetFileName(plain)
            writer.Execute(slice_image)
            subprocess.run(['dcmcjpeg', '+e1', plain, os.path.join(encoded_dir, f'{z:03d}.dcm')], check=True)
    return describe_image(read_series(encoded_dir))


def write(name, payload):
    with open(os.path.join(OUT, name), 'w') as handle:
        json.dump(payload, handle, separators=(',', ':'))
        handle.write('\n')
    print('wrote', name, file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    generator = {'script': 'scripts/reference/dicom_reference.py', 'SimpleITK': sitk.Version.VersionString()}

    t1 = os.path.join(STS025, 'dicom', 'STS_025', 'MR_T1')
    version, plasti = plastimatch_masks(os.path.join(t1, 'mask', 'RS.dcm'), os.path.join(t1, 'image'), None)
    write('sts025.json', {
        'generator': {**generator, 'plastimatch': version},
        'series': describe_image(read_series(os.path.join(t1, 'image'))),
        'niftiImage': describe_image(sitk.ReadImage(os.path.join(STS025, 'nifti', 'STS_025', 'MR_T1_image.nii.gz'))),
        'niftiMask': runs(sitk.ReadImage(os.path.join(STS025, 'nifti', 'STS_025', 'MR_T1_mask.nii.gz'))),
        'plastimatch': plasti,
    })

    sts001 = {'generator': {**generator, 'plastimatch': version}, 'series': {}, 'plastimatch': {}}
    for sequence in ('T1', 'T2'):
        sts001['series'][sequence] = describe_image(read_series(os.path.join(STS001, f'MR_{sequence}', 'image')))
    for roi_sequence in ('T1', 'T2'):
        for grid_sequence in ('T1', 'T2'):
            own = os.path.join(STS001, f'MR_{roi_sequence}')
            other = None if grid_sequence == roi_sequence else os.path.join(STS001, f'MR_{grid_sequence}', 'image')
            _, masks = plastimatch_masks(os.path.join(own, 'mask', '1-1.dcm'), os.path.join(own, 'image'), other)
            sts001['plastimatch'][f'{roi_sequence}_on_{grid_sequence}'] = masks
    # The mapping method of docs/dicom.md applied to plastimatch's mask: T1 ROI rasterised on T1, then nearest
    # neighbour through patient coordinates onto the T2 grid (sitk.Resample with an identity transform).
    with tempfile.TemporaryDirectory() as tmp:
        t1 = os.path.join(STS001, 'MR_T1')
        subprocess.run(['plastimatch', 'convert', '--input', os.path.join(t1, 'mask', '1-1.dcm'), '--referenced-ct',
                        os.path.join(t1, 'image'), '--output-prefix', tmp, '--prefix-format', 'nrrd'],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t2_image = read_series(os.path.join(STS001, 'MR_T2', 'image'))
        mapped = sitk.Resample(sitk.ReadImage(os.path.join(tmp, 'GTV_Mass.nrrd')), t2_image, sitk.Transform(),
                               sitk.sitkNearestNeighbor, 0)
        sts001['mappedT1MassOnT2'] = runs(mapped)
    write('sts001.json', sts001)

    # Pixel type and values SimpleITK gives for RescaleSlope/RescaleIntercept pairs (and MONOCHROME1) written with dcmtk's dcmodify
    # into the first STS_001 T1 file (uint16, 12 bits stored); the test applies the same pairs to the same file.
    first_t1 = sorted(os.listdir(os.path.join(STS001, 'MR_T1', 'image')))[0]
    rescaled = {'file': f'MR_T1/image/{first_t1}', 'cases': []}
    with tempfile.TemporaryDirectory() as tmp:
        for slope, intercept, photometric in [
                ('1', '0', 'MONOCHROME2'), ('2', '-100', 'MONOCHROME2'), ('0.5', '0', 'MONOCHROME2'),
                ('1', '0.5', 'MONOCHROME2'), ('1', '-1024', 'MONOCHROME2'), ('1', '100', 'MONOCHROME2'),
                ('3', '0', 'MONOCHROME2'), ('20', '0', 'MONOCHROME2'), ('-1', '0', 'MONOCHROME2'),
                ('1', '-5000', 'MONOCHROME2'), ('1', '0', 'MONOCHROME1'), ('2', '-100', 'MONOCHROME1')]:
            target = os.path.join(tmp, 'slice.dcm')
            with open(os.path.join(STS001, 'MR_T1', 'image', first_t1), 'rb') as src, open(target, 'wb') as dst:
                dst.write(src.read())
            subprocess.run(['dcmodify', '-nb', '-i', f'(0028,1053)={slope}', '-i', f'(0028,1052)={intercept}',
                            '-m', f'(0028,0004)={photometric}', target],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            reader = sitk.ImageSeriesReader()
            reader.SetFileNames([target])
            rescaled['cases'].append({'slope': slope, 'intercept': intercept, 'photometric': photometric,
                                      **describe_image(reader.Execute())})
    write('rescale.json', {'generator': generator, **rescaled})

    write('jpeg_lossless.json', {'generator': generator, 'series': jpeg_lossless_phantom()})

    dcmqi = {'generator': generator}
    for case in ('23x38x3', '24x38x3'):
        dcmqi[case] = {
            'series': describe_image(read_series(os.path.join(DCMQI, case, 'image'))),
            'label': runs(sitk.ReadImage(os.path.join(DCMQI, case, 'nrrd', 'label.nrrd'))),
        }
    write('seg_dcmqi.json', dcmqi)


if __name__ == '__main__':
    main()

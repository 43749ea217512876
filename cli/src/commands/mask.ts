import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDicomImageAndMask, loadDicomSeries, readDicomFile } from '../../../extension/src/dicom/node/load';
import { listRois, roiToMask } from '../../../extension/src/dicom/masks';
import { mapMaskToGrid } from '../../../extension/src/dicom/mapping';
import { roiKindOf } from '../../../extension/src/dicom/roi';
import { writeNifti } from '../../../extension/src/radiomics/image/io';

export const summary = 'rasterise an RTSTRUCT ROI or SEG segment on a DICOM series grid and write it as NIfTI';

const USAGE = `usage: prnn mask <series-dir> <rtstruct-or-seg-file> [--roi NAME|N] [--roi-series <dir>] --out mask.nii.gz
       prnn mask <series-dir> <rtstruct-or-seg-file> --list

  --roi         ROI name or number (RTSTRUCT) or segment label or number (SEG); needed when there are several
  --roi-series  the series the ROI was drawn on, when it is not <series-dir>: the mask is made on that series
                and mapped onto <series-dir>'s grid through patient coordinates (nearest neighbour)
  --out         output NIfTI file (.nii or .nii.gz), on the grid of <series-dir>, uint8, 1 inside
                (a folder with several series: the one the ROI file references)
  --list        print the ROIs / segments of the file and exit
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      roi: { type: 'string' },
      'roi-series': { type: 'string' },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [seriesDir, roiFile] = positionals;
  if (positionals.length !== 2 || (!values.list && !values.out)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const roiDataset = await readDicomFile(roiFile);
  const kind = roiKindOf(roiDataset);
  if (values.list) {
    for (const roi of listRois(roiDataset)) process.stdout.write(`${roi.number}\t${roi.name}\n`);
    return 0;
  }
  const out = values.out as string;
  if (!/\.nii(\.gz)?$/i.test(out)) throw new Error(`--out ${out}: the mask is written as NIfTI; name it .nii or .nii.gz`);
  let mask;
  if (values['roi-series']) {
    const [target, source] = await Promise.all([loadDicomSeries(seriesDir), loadDicomSeries(values['roi-series'])]);
    mask = mapMaskToGrid(roiToMask(roiDataset, source, values.roi), source.frameOfReferenceUID, target);
  } else {
    mask = (await loadDicomImageAndMask(seriesDir, roiFile, { roi: values.roi })).mask;
  }
  writeFileSync(out, writeNifti(mask, { gzip: /\.gz$/i.test(out) }));
  let voxels = 0;
  for (let v = 0; v < mask.data.length; v++) voxels += mask.data[v];
  const volumeMl = (voxels * mask.spacing[0] * mask.spacing[1] * mask.spacing[2]) / 1000;
  process.stderr.write(`${kind} ROI written to ${out}: ${voxels} voxels (${volumeMl.toFixed(2)} ml) on a ${mask.size.join('x')} grid\n`);
  return 0;
}

import type { SeriesVolume } from '../series';
import type { Volume } from '../../radiomics/image/volume';

/** One labelmap slice of a segmentation drawn in the viewer: the source image it lies on and its label values. */
export interface LabelmapSlice {
  /** SOPInstanceUID of the source image (cornerstone's referenced image of this labelmap image). */
  sopInstanceUID: string;
  /** Rows x columns label values, row by row (cornerstone's pixel data order, as the source image's). */
  labels: ArrayLike<number>;
}

/**
 * The mask (1 inside) of segment `segmentIndex` of a viewer labelmap on the grid of the series it was drawn on.
 * Each labelmap slice goes to the slice of its source image; slices the labelmap does not cover are empty. A slice
 * of another series, or of another size, is refused: the mask would be misplaced.
 */
export function labelmapToMask(series: SeriesVolume, slices: readonly LabelmapSlice[], segmentIndex: number): Volume<Uint8Array> {
  const grid = series.volume;
  const [columns, rows] = grid.size;
  const plane = columns * rows;
  const sliceOf = new Map(series.slices.map((s, k) => [s.sopInstanceUID, k]));
  const data = new Uint8Array(plane * grid.size[2]);
  let inside = 0;
  for (const slice of slices) {
    const k = sliceOf.get(slice.sopInstanceUID);
    if (k === undefined) throw new Error(`A labelmap slice lies on image ${slice.sopInstanceUID}, which is not in series ${series.seriesInstanceUID}`);
    if (slice.labels.length !== plane) throw new Error(`A labelmap slice holds ${slice.labels.length} values; the images of series ${series.seriesInstanceUID} have ${rows} x ${columns}`);
    for (let p = 0; p < plane; p++) {
      if (slice.labels[p] === segmentIndex) {
        data[k * plane + p] = 1;
        inside++;
      }
    }
  }
  if (inside === 0) throw new Error(`Segment ${segmentIndex} of the viewer's segmentation is empty`);
  return { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data, pixelType: 'uint8' };
}

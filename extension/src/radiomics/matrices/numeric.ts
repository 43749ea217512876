/** numpy.spacing(1), the eps PyRadiomics adds inside its logarithms and denominators. */
export const NUMPY_EPS = 2.220446049250313e-16;

/** numpy.nanmean of a vector: the mean of its non-NaN values, NaN when there are none. */
export function nanmean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k])) continue;
    sum += values[k];
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

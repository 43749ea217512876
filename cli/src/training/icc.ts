/**
 * ICC(2,1) of Shrout & Fleiss (1979): two-way random effects, absolute agreement, single measurement.
 * `ratings[i][r]` is target i rated by rater r (here: a feature from segmentation r of patient i).
 * (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
 */
export function icc21(ratings: ArrayLike<number>[]): number {
  const n = ratings.length;
  const k = ratings[0].length;
  if (n < 2 || k < 2) throw new Error(`ICC needs at least 2 targets and 2 ratings each, got ${n} x ${k}`);
  let grand = 0;
  const rowMeans = new Float64Array(n);
  const colMeans = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (ratings[i].length !== k) throw new Error(`ICC: target ${i} has ${ratings[i].length} ratings, expected ${k}`);
    for (let r = 0; r < k; r++) {
      const v = ratings[i][r];
      if (!Number.isFinite(v)) throw new Error(`ICC: rating ${r} of target ${i} is ${v}`);
      rowMeans[i] += v / k;
      colMeans[r] += v / n;
      grand += v / (n * k);
    }
  }
  let ssRows = 0;
  let ssCols = 0;
  let ssTotal = 0;
  for (let i = 0; i < n; i++) ssRows += k * (rowMeans[i] - grand) ** 2;
  for (let r = 0; r < k; r++) ssCols += n * (colMeans[r] - grand) ** 2;
  for (let i = 0; i < n; i++) for (let r = 0; r < k; r++) ssTotal += (ratings[i][r] - grand) ** 2;
  const bms = ssRows / (n - 1);
  const jms = ssCols / (k - 1);
  const ems = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  return (bms - ems) / (bms + (k - 1) * ems + (k * (jms - ems)) / n);
}

import type { Settings } from '../settings';
import type { Volume } from '../image/volume';
import { onSameGrid, type DerivedImage } from './derivedImage';

/*
 * The four intensity transforms of PyRadiomics (getSquareImage, getSquareRootImage, getLogarithmImage,
 * getExponentialImage). Each casts the image to float64 first and returns a float64 image, as numpy does there.
 */

function asFloat64(image: Volume): Float64Array {
  return Float64Array.from(image.data);
}

function maximumAbsolute(values: Float64Array): number {
  let maximum = -Infinity;
  for (let n = 0; n < values.length; n++) {
    const magnitude = Math.abs(values[n]);
    if (Number.isNaN(magnitude)) return NaN; // as numpy.max
    if (magnitude > maximum) maximum = magnitude;
  }
  return maximum;
}

/** f(x) = (c x)^2 with c = 1 / sqrt(max |x|). */
export function* getSquareImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const values = asFloat64(image);
  const coefficient = 1 / Math.sqrt(maximumAbsolute(values));
  for (let n = 0; n < values.length; n++) {
    const scaled = coefficient * values[n];
    values[n] = scaled * scaled;
  }
  yield { imageTypeName: 'square', image: onSameGrid(image, values, 'float64'), settings };
}

/** f(x) = sqrt(c x) for x > 0, -sqrt(-c x) for x < 0, with c = max |x|. */
export function* getSquareRootImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const values = asFloat64(image);
  const coefficient = maximumAbsolute(values);
  for (let n = 0; n < values.length; n++) {
    const x = values[n];
    if (x > 0) values[n] = Math.sqrt(x * coefficient);
    else if (x < 0) values[n] = -Math.sqrt(-x * coefficient);
  }
  yield { imageTypeName: 'squareroot', image: onSameGrid(image, values, 'float64'), settings };
}

/** f(x) = c log(x + 1) for x > 0, -c log(1 - x) for x < 0, rescaled so that max |f| = max |x|. */
export function* getLogarithmImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const values = asFloat64(image);
  const originalMaximum = maximumAbsolute(values);
  for (let n = 0; n < values.length; n++) {
    const x = values[n];
    if (x > 0) values[n] = Math.log(x + 1);
    else if (x < 0) values[n] = -Math.log(-(x - 1));
  }
  const scale = originalMaximum / maximumAbsolute(values);
  for (let n = 0; n < values.length; n++) values[n] *= scale;
  yield { imageTypeName: 'logarithm', image: onSameGrid(image, values, 'float64'), settings };
}

/** f(x) = exp(c x) with c = log(max |x|) / max |x|. */
export function* getExponentialImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const values = asFloat64(image);
  const maximum = maximumAbsolute(values);
  const coefficient = Math.log(maximum) / maximum;
  for (let n = 0; n < values.length; n++) values[n] = Math.exp(coefficient * values[n]);
  yield { imageTypeName: 'exponential', image: onSameGrid(image, values, 'float64'), settings };
}

/**
 * Our side of `npm run bench`: one extraction in this fresh (single-threaded) Node process, so JIT warm-up is paid as
 * the CLI and the worker pay it, then its resampling and filtering stages re-run on their own (warm, best of three
 * runs each), so that per-stage times can be set beside PyRadiomics'; warmTotal is the best of two more extractions in
 * the same process (what a long-lived worker pays after its first case). Times are CPU seconds of this process
 * (user + system), which a busy machine disturbs far less than wall time.
 * Usage: tsx bench/engine_timed.ts <image> <mask> <params.yaml>   -> one JSON line on stdout.
 */
import { readFileSync } from 'node:fs';
import { extract } from '../extension/src/radiomics/extractor';
import { generateImages } from '../extension/src/radiomics/filters';
import { readImage } from '../extension/src/radiomics/image/io';
import { resampleImage } from '../extension/src/radiomics/image/resample';
import { checkMask, getMask } from '../extension/src/radiomics/mask';
import { loadParams } from '../extension/src/radiomics/params';

function seconds<T>(work: () => T): [T, number] {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return [value, (used.user + used.system) / 1e6];
}

/** The fastest of three runs of `work`: a stage's warm time, without the garbage collection of earlier work. */
function warmSeconds<T>(work: () => T): [T, number] {
  const runs = [seconds(work), seconds(work), seconds(work)];
  return runs.reduce((a, b) => (b[1] < a[1] ? b : a));
}

function main(): void {
  const [imagePath, maskPath, paramsPath] = process.argv.slice(2);
  const [[image, mask], loading] = seconds(() => [
    readImage(new Uint8Array(readFileSync(imagePath)), imagePath),
    readImage(new Uint8Array(readFileSync(maskPath)), maskPath),
  ]);
  const params = loadParams(readFileSync(paramsPath, 'utf8'));

  const [result, total] = seconds(() => extract(image, mask, params));
  const warmTotal = Math.min(seconds(() => extract(image, mask, params))[1], seconds(() => extract(image, mask, params))[1]);

  // The stages get the mask as the extraction hands it on (getMask's UInt32 label map), so that they run the code
  // the extraction has warmed up, not a variant for another array type.
  const labels = getMask(mask, params.setting);
  const [resampled, resampling] = warmSeconds(() => resampleImage(image, labels, params.setting));
  // Filtered, like the extraction, only as far as the ROI's bounding box that the features read.
  const { boundingBox } = checkMask(resampled.image, getMask(resampled.mask, params.setting), params.setting);
  const stages: Record<string, number> = { 'resample (warm)': resampling };
  for (const [imageType, custom] of Object.entries(params.imageType)) {
    const [, filtering] = warmSeconds(() => {
      const settings = { ...params.setting, ...custom };
      for (const derived of generateImages(imageType, resampled.image, resampled.mask, settings, undefined, boundingBox)) {
        void derived;
      }
    });
    stages[`filter ${imageType} (warm)`] = filtering;
  }
  const filtersAndResampling = Object.values(stages).reduce((a, b) => a + b, 0);
  stages['rest: features, masks, diagnostics, cold start'] = Math.max(0, total - filtersAndResampling);
  const features = Object.keys(result).filter((key) => !key.startsWith('diagnostics_')).length;
  process.stdout.write(
    `${JSON.stringify({ total, warmTotal, loading, stages, features, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

main();

/**
 * One voxel-map run for `npm run bench` (bench/voxel_run.ts): reads image and mask, computes the requested maps with
 * extractVoxelMaps, prints {seconds (CPU seconds of this process), maps, roiVoxels} as the last stdout line.
 * Usage: tsx bench/voxel_engine_timed.ts <image> <mask> <kernelRadius> <feature key>...
 */
import { readFileSync } from 'node:fs';
import { readImage } from '../extension/src/radiomics/image/io';
import { loadParams } from '../extension/src/radiomics/params';
import { extractVoxelMaps } from '../extension/src/radiomics/voxel/extractVoxelMaps';
import { VOXEL_BENCH_SETTING } from './voxel_settings';

const [imagePath, maskPath, radius, ...features] = process.argv.slice(2);
const image = readImage(readFileSync(imagePath), imagePath);
const mask = readImage(readFileSync(maskPath), maskPath);
const params = loadParams({ setting: VOXEL_BENCH_SETTING, voxelSetting: { kernelRadius: Number(radius) }, imageType: { Original: {} }, featureClass: { glcm: null, glrlm: null } });
const start = process.cpuUsage();
const maps = extractVoxelMaps(image, mask, params, { features });
const used = process.cpuUsage(start);
const seconds = (used.user + used.system) / 1e6;
let roiVoxels = 0;
for (const v of mask.data) if (v === 1) roiVoxels++;
console.log(JSON.stringify({ seconds, maps: Object.keys(maps), roiVoxels }));

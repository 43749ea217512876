/**
 * The voxel-map part of `npm run bench`: one GLCM and one GLRLM map over STS_025's T1 ROI (native grid, Original
 * image, bin width 25) at kernelRadius 1 and 2, our engine (best of BENCH_REPEATS fresh Node processes) vs PyRadiomics
 * 3.0.1's voxel mode (one run: it takes tens of seconds), both one thread, CPU seconds of the extraction, in the same
 * run. Alone: `npx tsx bench/voxel_run.ts`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fixturePath, REPO_ROOT } from '../test/support/fixtures';
import { ourProcess, type NodeThreads } from './ourProcess';
import { VOXEL_BENCH_SETTING } from './voxel_settings';

interface VoxelTiming {
  seconds: number;
  maps: string[];
  roiVoxels: number;
}

const FEATURES = ['original_glcm_Contrast', 'original_glrlm_RunLengthNonUniformity'];
const RADII = [1, 2];
const IMAGE = fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_image.nii.gz');
const MASK = fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_mask.nii.gz');
const SINGLE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS: '1' };

function timed([command, args]: [string, string[]]): VoxelTiming {
  const env: NodeJS.ProcessEnv = { ...process.env, ...SINGLE_THREAD };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const output = execFileSync(command, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(output.trim().split('\n').pop() as string) as VoxelTiming;
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

/** Markdown table of the voxel-map timings; `python` is the venv's interpreter. */
export function voxelBenchTable(python: string, repeats: number): string {
  const lines = [
    `Voxel maps (${FEATURES.join(' + ')}) over STS_025's T1 ROI, native grid, binWidth ${VOXEL_BENCH_SETTING.binWidth}; CPU seconds, ours best of ${repeats} (one thread: node --single-threaded; and default Node, CPU of all its threads), PyRadiomics one run:`,
    '',
    '| kernelRadius | ROI voxels | ours, one thread | ours, default Node | PyRadiomics 3.0.1 voxel mode | speed-up (one thread / default Node) |',
    '|---|---|---|---|---|---|',
  ];
  for (const radius of RADII) {
    const args = [IMAGE, MASK, String(radius), ...FEATURES];
    const ours = (threads: NodeThreads) =>
      Array.from({ length: repeats }, () => timed(ourProcess('voxel_engine_timed.ts', args, threads))).reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const [oneThread, defaultNode] = [ours('one thread'), ours('default Node')];
    const theirs = timed([python, [join(REPO_ROOT, 'bench', 'voxel_pyradiomics_timed.py'), IMAGE, MASK, String(radius), JSON.stringify(VOXEL_BENCH_SETTING), ...FEATURES]]);
    const ratio = (ourSeconds: number) => `${(theirs.seconds / ourSeconds).toFixed(0)}x`;
    lines.push(`| ${radius} | ${oneThread.roiVoxels} | ${fmt(oneThread.seconds)} | ${fmt(defaultNode.seconds)} | ${fmt(theirs.seconds)} | ${ratio(oneThread.seconds)} / ${ratio(defaultNode.seconds)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const python = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  process.stdout.write(`${voxelBenchTable(python, Number(process.env.BENCH_REPEATS ?? 3))}\n`);
}

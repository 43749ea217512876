/**
 * `npm run bench`: the seed configuration on brain1 and STS_025, our engine (Node, one thread) and PyRadiomics 3.0.1
 * (one thread) in the same run, each in a fresh process: per-stage and total times, their ratio, peak memory.
 * Writes the table to stdout and to docs/benchmarks.md (between the BENCH markers). Needs Python: it creates .venv
 * with scripts/python-env.sh on first use.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, REPO_ROOT } from '../test/support/fixtures';
import { ourProcess } from './ourProcess';
import { voxelBenchTable } from './voxel_run';

interface Timing {
  total: number;
  /** Best of two more extractions in the same process. */
  warmTotal: number;
  stages: Record<string, number>;
  features: number;
  peakRssMB: number;
}

const SINGLE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS: '1' };
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const PARAMS = join(REPO_ROOT, 'params', 'seed.yaml');
const CASES = [
  { name: 'brain1', image: fixturePath('pyradiomics', 'data', 'brain1_image.nrrd'), mask: fixturePath('pyradiomics', 'data', 'brain1_label.nrrd') },
  {
    name: 'STS_025',
    image: fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_image.nii.gz'),
    mask: fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_mask.nii.gz'),
  },
];

/**
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this kind of machine as a workaround for old OpenBLAS builds;
 * they slow a current numpy, so PyRadiomics runs without them (one thread either way).
 */
function benchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...SINGLE_THREAD };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function run(command: string, args: string[]): Timing {
  const output = execFileSync(command, args, { cwd: REPO_ROOT, env: benchEnv(), encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop() as string) as Timing;
}

/** The fastest of REPEATS fresh-process runs (the least disturbed by the machine's other work). */
function best([command, args]: [string, string[]]): Timing {
  const runs = Array.from({ length: REPEATS }, () => run(command, args));
  return runs.reduce((a, b) => (b.total < a.total ? b : a));
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

function main(): void {
  const python = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  const lines: string[] = [];
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; CPU seconds, best of ${REPEATS} fresh processes each, one thread (ours: node --single-threaded)`;
  lines.push(`Machine: ${machine}`, '');
  lines.push('| case | stage | ours | PyRadiomics 3.0.1 | speed-up |', '|---|---|---|---|---|');
  for (const testCase of CASES) {
    const caseArgs = [testCase.image, testCase.mask, PARAMS];
    const ours = best(ourProcess('engine_timed.ts', caseArgs, 'one thread'));
    const oursDefaultNode = best(ourProcess('engine_timed.ts', caseArgs, 'default Node'));
    const theirs = best([python, [join(REPO_ROOT, 'bench', 'pyradiomics_timed.py'), ...caseArgs]]);
    const ourStages = Object.entries(ours.stages);
    for (const [stage, time] of ourStages) {
      const reference = stage.startsWith('rest') ? theirsRest(theirs) : theirs.stages[stage.replace(' (warm)', '')];
      lines.push(`| ${testCase.name} | ${stage} | ${fmt(time)} | ${reference === undefined ? '–' : fmt(reference)} | ${reference === undefined ? '–' : `${(reference / time).toFixed(1)}x`} |`);
    }
    lines.push(`| ${testCase.name} | **total** (${ours.features} / ${theirs.features} features) | **${fmt(ours.total)}** | **${fmt(theirs.total)}** | **${(theirs.total / ours.total).toFixed(1)}x** |`);
    lines.push(`| ${testCase.name} | total, warm (same process, best of 2 more) | ${fmt(ours.warmTotal)} | ${fmt(theirs.warmTotal)} | ${(theirs.warmTotal / ours.warmTotal).toFixed(1)}x |`);
    lines.push(`| ${testCase.name} | total, default Node (CPU of all its threads): cold / warm | ${fmt(oursDefaultNode.total)} / ${fmt(oursDefaultNode.warmTotal)} | ${fmt(theirs.total)} / ${fmt(theirs.warmTotal)} | ${(theirs.total / oursDefaultNode.total).toFixed(1)}x / ${(theirs.warmTotal / oursDefaultNode.warmTotal).toFixed(1)}x |`);
    lines.push(`| ${testCase.name} | peak memory (RSS) | ${ours.peakRssMB.toFixed(0)} MB | ${theirs.peakRssMB.toFixed(0)} MB | |`);
  }
  // Voxel feature maps (issue 6): a separate table, built by bench/voxel_run.ts.
  lines.push('', voxelBenchTable(python, REPEATS));
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  const docPath = join(REPO_ROOT, 'docs', 'benchmarks.md');
  const doc = readFileSync(docPath, 'utf8');
  const updated = doc.replace(/<!-- BENCH:START -->[\s\S]*<!-- BENCH:END -->/, `<!-- BENCH:START -->\n${table}\n<!-- BENCH:END -->`);
  writeFileSync(docPath, updated);
}

/** PyRadiomics' time outside resampling and filtering, the counterpart of our 'rest' row. */
function theirsRest(theirs: Timing): number {
  const staged = Object.entries(theirs.stages)
    .filter(([stage]) => stage === 'resample' || stage.startsWith('filter '))
    .reduce((sum, [, seconds]) => sum + seconds, 0);
  return Math.max(0, theirs.total - staged);
}

main();

import { resolve } from 'node:path';

/** Repository root, wherever a server or test is started from. */
export const REPO_ROOT = resolve(__dirname, '..');
/** Git-ignored working area: the downloaded host, generated samples, PACS storage. */
export const CACHE_DIR = resolve(REPO_ROOT, '.cache');
/** Browser ES modules built by `npm run build` (webpack, .webpack/webpack.config.js). */
export const DIST_DIR = resolve(REPO_ROOT, 'dist');
/** Model cards, served to the viewer at /prnn/models/. */
export const MODELS_DIR = resolve(REPO_ROOT, 'models');
/** The synthetic sample studies, regenerated on demand by servers/samples. */
export const SAMPLES_DIR = resolve(CACHE_DIR, 'samples');
/** The real STS_001 study (T1 + T2 + RTSTRUCTs), present only beside this workplace's clone. */
export const STS001_DIR = resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'mr_multiseq_sts001', 'STS_001');

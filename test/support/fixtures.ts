import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root, wherever the tests are started from. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Real test data lives in ../shared/fixtures beside the clone (read-only, never copied into the repo).
 * A clone elsewhere gets them with `npm run fixtures` into .cache/fixtures.
 */
const FIXTURE_ROOTS = [resolve(REPO_ROOT, '..', 'shared', 'fixtures'), resolve(REPO_ROOT, '.cache', 'fixtures')];

export function fixturePath(...parts: string[]): string {
  for (const root of FIXTURE_ROOTS) {
    const candidate = join(root, ...parts);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `fixture ${parts.join('/')} not found in ${FIXTURE_ROOTS.join(' or ')}; run \`npm run fixtures\` to download the public test data`,
  );
}

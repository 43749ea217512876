/**
 * `npm run docs:conformance`: rewrites the generated sections of docs/conformance.md from the engine's current output
 * (the IBSI-1 digital phantom table). The tests check that the document matches what the engine computes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/support/fixtures';
import { extractIbsiPhantom, ibsiTable, loadIbsiReference } from '../test/engine/ibsi.support';

const docPath = join(REPO_ROOT, 'docs', 'conformance.md');
const reference = loadIbsiReference();
const table = ibsiTable(reference, extractIbsiPhantom(reference));
const doc = readFileSync(docPath, 'utf8');
writeFileSync(docPath, doc.replace(/<!-- IBSI:START -->[\s\S]*<!-- IBSI:END -->/, `<!-- IBSI:START -->\n${table}\n<!-- IBSI:END -->`));
process.stdout.write(`docs/conformance.md: IBSI table with ${reference.rows.length} features\n`);

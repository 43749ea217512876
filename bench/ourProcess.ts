/**
 * How `npm run bench` starts our side: a fresh Node process running a bench script through tsx. "One thread" is
 * `node --single-threaded`: V8 then compiles and collects garbage on the main thread instead of its helper threads, so
 * the process's CPU seconds are those of one thread, as PyRadiomics' are with its thread pools set to 1. The default
 * Node (helper threads on, the CPU of all of them counted) is measured beside it, so that both readings are in the table.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../test/support/fixtures';

export type NodeThreads = 'one thread' | 'default Node';

/** The command and arguments that run `bench/<script>` with `args` in a fresh Node process. */
export function ourProcess(script: string, args: string[], threads: NodeThreads): [string, string[]] {
  const flags = threads === 'one thread' ? ['--single-threaded'] : [];
  return [process.execPath, [...flags, '--import', 'tsx', join(REPO_ROOT, 'bench', script), ...args]];
}

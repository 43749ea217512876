import { parseArgs } from 'node:util';

/** A mistake in the command line: the command prints its usage and exits with 2. */
export class UsageError extends Error {}

export type OptionValues = Record<string, string | boolean | undefined>;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * What every `prnn <command>` shares: argv parsed against the command's options (an unknown option is a usage
 * error), --help / -h prints the usage, and any failure is one line `prnn <command>: <message>` on stderr, followed
 * by the usage for a UsageError. Resolves to the exit code: the body's, 1 on an error, 2 on a usage error.
 */
export async function runCommand(
  command: string,
  usage: string,
  options: OptionSpec,
  argv: string[],
  body: (values: OptionValues, positionals: string[]) => Promise<number>,
): Promise<number> {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } }) as typeof parsed;
  } catch (error) {
    process.stderr.write(`prnn ${command}: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    return await body(parsed.values, parsed.positionals);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`prnn ${command}: ${message.split('\n').join(' ')}\n${error instanceof UsageError ? usage : ''}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** --roi as the DICOM layer takes it: a number picks by ROINumber / SegmentNumber, anything else by name. */
export function roiChoiceOf(text: string | undefined): string | number | undefined {
  return text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : text;
}

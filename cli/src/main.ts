import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Each subcommand is cli/src/commands/<name>.ts exporting `run(argv): Promise<number>` (the exit code). */
interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS_DIR = join(__dirname, 'commands');

function availableCommands(): string[] {
  return ['extract', 'mask', 'train', 'predict', 'report'].filter((name) => existsSync(join(COMMANDS_DIR, `${name}.ts`)));
}

/** require, not import(): bin/prnn.cjs registers tsx's CommonJS hook only, which native import() bypasses. */
function loadCommand(name: string): Command {
  return require(join(COMMANDS_DIR, name)) as Command;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = availableCommands();
  if (!name || name === '--help' || name === '-h' || !names.includes(name)) {
    const lines = await Promise.all(
      names.map(async (n) => `  prnn ${n.padEnd(8)} ${loadCommand(n).summary}`),
    );
    const out = `usage: prnn <command> [options]\n\n${lines.join('\n')}\n`;
    if (name && name !== '--help' && name !== '-h') {
      process.stderr.write(`prnn: unknown command '${name}'\n${out}`);
      return 2;
    }
    process.stdout.write(out);
    return 0;
  }
  const command = loadCommand(name);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`prnn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

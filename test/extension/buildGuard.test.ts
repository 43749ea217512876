import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpack from 'webpack';

// The real build configuration, pointed at two tiny entries.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { browserModule } = require('../../.webpack/webpack.config.js') as {
  browserModule: (name: string, entry: string) => webpack.Configuration;
};

function build(entry: string): Promise<webpack.Stats> {
  const out = mkdtempSync(join(tmpdir(), 'prnn-guard-'));
  const config = browserModule('guard', entry);
  const compiler = webpack({ ...config, mode: 'development', devtool: false, output: { ...config.output, path: out } });
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => rmSync(out, { recursive: true, force: true }));
      if (error || !stats) reject(error ?? new Error('no stats'));
      else resolve(stats);
    }),
  );
}

describe('build guard: host singletons are never bundled', () => {
  test('a value import of @ohif/* fails the build and names the importing file', async () => {
    const stats = await build('test/extension/buildGuard/valueImport.ts');
    expect(stats.hasErrors()).toBe(true);
    const messages = stats.toJson({ errors: true }).errors!.map((e) => e.message).join('\n');
    expect(messages).toContain("test/extension/buildGuard/valueImport.ts imports '@ohif/core' as a value");
  });

  test('type-only imports build', async () => {
    const stats = await build('test/extension/buildGuard/typeImport.ts');
    expect(stats.toJson({ errors: true }).errors).toEqual([]);
  });
});

/**
 * Builds the extension and the mode as browser ES modules that the stock OHIF viewer loads with `import(url)`
 * (window.config.extensions / window.config.modes). The host owns React's renderer for its own tree, @ohif/*,
 * @cornerstonejs/* and vtk.js; we must never ship a second copy of those singletons, so any value import of them
 * fails the build (type-only imports are erased by SWC and never reach webpack).
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Packages the host owns: bundling them would duplicate caches, metadata providers and tool state. */
const HOST_SINGLETONS = /^(@cornerstonejs\/|@kitware\/vtk\.js(\/|$)|@ohif\/)/;

function forbidHostSingletons({ request, contextInfo }, callback) {
  if (request && HOST_SINGLETONS.test(request)) {
    const from = contextInfo && contextInfo.issuer ? path.relative(root, contextInfo.issuer) : 'an unknown module';
    callback(
      new Error(
        `${from} imports '${request}' as a value. The OHIF host owns @ohif/*, @cornerstonejs/* and @kitware/vtk.js: ` +
          `use 'import type' and reach the host's instances at run time (see DESIGN.md, "Running inside OHIF").`,
      ),
    );
    return;
  }
  callback();
}

const swcRule = {
  test: /\.[cm]?[jt]sx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        target: 'es2020',
        transform: { react: { runtime: 'automatic' } },
      },
    },
  },
};

/** @param {string} name @param {string} entry @returns {import('webpack').Configuration} */
function browserModule(name, entry) {
  return {
    name,
    mode: 'production',
    devtool: 'source-map',
    context: root,
    entry: { index: path.join(root, entry) },
    target: ['web', 'es2020'],
    experiments: { outputModule: true },
    output: {
      path: path.join(root, 'dist', name),
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      library: { type: 'module' },
      chunkFormat: 'module',
      // Chunks (the worker) are found next to index.js wherever the host serves it.
      publicPath: 'auto',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      // dicomweb-client and dcmjs ship browser builds under "module"/"browser".
      mainFields: ['browser', 'module', 'main'],
      // random-js (under ml-random-forest) seeds from Node's crypto only when training; inference never calls it.
      fallback: { crypto: false },
    },
    module: {
      rules: [swcRule],
    },
    externals: [forbidHostSingletons],
    performance: { hints: false },
  };
}

module.exports = [browserModule('extension', 'extension/src/index.ts'), browserModule('mode', 'mode/src/index.ts')];
module.exports.forbidHostSingletons = forbidHostSingletons;
module.exports.browserModule = browserModule;

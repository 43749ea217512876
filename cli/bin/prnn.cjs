#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the same sources serve Node, the worker and the tests.
require('tsx/cjs');
require('../src/main.ts');

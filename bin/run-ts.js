#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: .ts files are compiled on require by swc
// (type checking is `npm run typecheck`'s job). Usage: node bin/run-ts.js <file.ts> [args...]
'use strict';
require('./register-ts');
const path = require('node:path');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: run-ts <file.ts> [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 1); // so the entry sees its own arguments at process.argv[2]
require(path.resolve(entry));

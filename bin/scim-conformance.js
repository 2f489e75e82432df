#!/usr/bin/env node
'use strict';
// From a checkout (src/ present) the TypeScript sources run through the swc require hook, with no
// build step; an installed package runs its compiled JavaScript in dist/ (no transform at all).
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'src', 'cli.ts');
let cli;
if (fs.existsSync(source)) {
  require('./register-ts');
  cli = require(source);
} else {
  cli = require('../dist/src/cli.js');
}
const { main, EXIT } = cli;

// A reader that stops early (`| head`) closes the pipe: the run goes on, its output has nowhere to go.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

// process.exit() drops what a pipe (a CI log, `| tee`, a parent process) has not taken yet: the
// verdict lines come last. Exit once both streams have handed over everything written before.
function exitAfterOutput(code) {
  let open = 2;
  const done = () => --open === 0 && process.exit(code);
  for (const stream of [process.stdout, process.stderr]) stream.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (err) => {
    process.stderr.write(`scim-conformance: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    exitAfterOutput(EXIT.usage);
  },
);

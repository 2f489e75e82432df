#!/usr/bin/env node
'use strict';
require('./register-ts');
const { main, EXIT } = require('../src/cli.ts');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`scim-conformance: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(EXIT.usage);
  },
);

'use strict';
// The jest transform of a checkout's TypeScript spec files when the CLI runs the suites: the CLI's own
// swc cache (bin/register-ts.js), so that jest does not load swc's native binding (@swc/jest did, on
// every run, for four-line spec files already compiled).
const { transformTs } = require('./register-ts');

module.exports = {
  process(source, filename) {
    return { code: transformTs(source, filename) };
  },
};

'use strict';
// A require hook for .ts files, compiled to CommonJS by swc (already a dependency through @swc/jest).
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    });
    module._compile(code, filename);
  };
}

'use strict';
// A require hook for .ts files, compiled to CommonJS by swc (already a dependency through @swc/jest).
// The output is cached on disk by content: a warm start reads ~100 cached files instead of loading
// swc's native binding and compiling them again (measured: 0.6-0.8 s of each CLI start).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
// In the checkout's node_modules/.cache (the usual place, owned by whoever installed), not a shared /tmp
// where another user could plant code under a predictable name.
const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'scim-conformance-ts');
// A new swc or new options give new keys; a changed file gives a new key by its content.
const SALT = `${require('@swc/core/package.json').version}\0${JSON.stringify(OPTIONS)}\0`;

let swc;
function compile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { filename, ...OPTIONS }).code;
}

function cached(source, filename) {
  const key = crypto.createHash('sha1').update(SALT).update(filename).update('\0').update(source).digest('hex');
  const file = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const code = compile(source, filename);
    try {
      // Written under a unique name, then renamed: a concurrent start never reads half a file.
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    } catch {
      // An unwritable cache only costs the next start its compile.
    }
    return code;
  }
}

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = function compileTs(module, filename) {
    module._compile(cached(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}

// jest's transform of a checkout's spec files uses the same cache (bin/jest-transform-ts.js).
module.exports = { transformTs: cached };

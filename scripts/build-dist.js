#!/usr/bin/env node
// Builds dist/ for the published package (npm runs it as `prepare`): tsc compiles src/ and
// specs/ (tsconfig.build.json) to CommonJS with declarations, and fixtures/ is copied beside them
// as data (the specs import it relatively, and the schema files are read from it). dist/ then
// mirrors a checkout: dist/src, dist/specs, dist/fixtures.
//
// Any diagnostic fails the build, and so does a declaration the public API (dist/src/index.d.ts)
// reaches that was not emitted.
//
// As `prepare` (--prepare) npm runs it before `npm pack` and `npm publish`, and when a project installs
// this package from a git URL (npm clones it, installs its devDependencies, runs prepare, then packs
// it). npm also runs prepare on a plain `npm ci` / `npm install` in a checkout: that one is skipped,
// since a checkout runs the TypeScript sources directly and has no use for dist/ (it saves CI and
// every developer the build). npm names the command in npm_command and the folder it was started
// in in INIT_CWD; a git install's own `npm install` inside the clone is skipped the same way, and the
// prepare npm runs before packing the clone (started in the installing project) builds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const real = (p) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};
if (process.argv.includes('--prepare') && ['ci', 'install'].includes(process.env.npm_command ?? '') && real(process.env.INIT_CWD ?? '') === real(root)) {
  process.stdout.write(`build-dist: skipped (npm ${process.env.npm_command} in the checkout runs the TypeScript sources; npm run build builds dist/)\n`);
  process.exit(0);
}
const ts = require('typescript');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

const configFile = path.join(root, 'tsconfig.build.json');
const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) fail([read.error]);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
if (parsed.errors.length) fail(parsed.errors);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const emitted = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length) fail(errors);

// Every declaration the public entry point reaches must exist.
const seen = new Set();
(function reach(file) {
  if (seen.has(file)) return;
  seen.add(file);
  if (!fs.existsSync(file)) fail([], `dist/src/index.d.ts reaches ${path.relative(root, file)}, which was not emitted`);
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    reach(fs.existsSync(base + '.d.ts') || !fs.existsSync(path.join(base, 'index.d.ts')) ? base + '.d.ts' : path.join(base, 'index.d.ts'));
  }
})(path.join(dist, 'src', 'index.d.ts'));

fs.rmSync(path.join(dist, 'fixtures'), { recursive: true, force: true }); // tsc's copies of the imported JSON
fs.cpSync(path.join(root, 'fixtures'), path.join(dist, 'fixtures'), { recursive: true });
process.stdout.write(`build-dist: dist/ built (${seen.size} declaration files reached from the API)\n`);

function format(list) {
  return ts.formatDiagnostics(list, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}

function fail(list, message) {
  process.stderr.write(format(list) + (message ? `build-dist: ${message}\n` : ''));
  process.exit(1);
}

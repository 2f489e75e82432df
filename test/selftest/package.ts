// Packs this project and installs the tarball into an empty project, offline, as a vendor would
// install it from the registry. npm needs registry metadata to resolve a dependency range, and
// `npm ci` only caches tarballs; so the empty project gets a lockfile made from this project's own
// (its run-time entries, exactly the versions `npm ci` installed and cached) and `npm install
// --offline <tgz>` resolves everything from the local cache.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from './cli';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  [k: string]: unknown;
}

const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: NPM_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `npm pack` into a fresh folder (prepack builds dist/): the tarball's path. */
export function packProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-pack-'));
  const out = npm(['pack', '--pack-destination', dir, '--json'], PACKAGE_ROOT);
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
  return path.join(dir, filename);
}

/** An empty project with the tarball installed offline: the project's folder. */
export function installTarball(tgz: string): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-vendor-'));
  const spec = `file:${path.relative(project, tgz)}`;
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
  const lock = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {
    '': { name: 'vendor-project', version: '1.0.0', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(fs.readFileSync(tgz)).digest('base64')}`,
      license: 'MIT',
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key !== '' && !entry.dev && !entry.devOptional) packages[key] = entry;
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'vendor-project', version: '1.0.0', private: true }, null, 2));
  fs.writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ name: 'vendor-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  npm(['install', '--offline', '--no-audit', '--no-fund', spec], project);
  return project;
}

// Runs the conformance suites in specs/ with jest, in this process (so the embedded server and the
// suites share one event loop and nothing has to be serialised but the run context).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCLI } from 'jest';
import type { RunContext } from './context';
import type { RunLimiter } from './limiter';
import type { RunRecorder } from './recorder';
import { openSuites } from './suite-env';
import { SUITE_HOST_GLOBAL } from './suite-host';
import { SUITE_HOST } from './suites';

/**
 * The folder that holds src/, specs/ and fixtures/: the checkout itself (TypeScript, run through the
 * swc require hook), or dist/ of an installed package (compiled JavaScript, no transform).
 */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
/** True when this file is compiled JavaScript (an installed package): the specs are then .spec.js. */
export const COMPILED = path.extname(__filename) === '.js';
const EXT = COMPILED ? 'js' : 'ts';

/** The version in package.json: at PACKAGE_ROOT in a checkout, one folder above dist/ when installed. */
export function packageVersion(): string {
  for (const dir of [PACKAGE_ROOT, path.dirname(PACKAGE_ROOT)]) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === 'scim-conformance') return pkg.version;
  }
  return 'unknown';
}

/** What jest itself says of one test: the runner reconciles it with the recorded applications. */
export interface JestTest {
  /** "<describe title> <test title>", as recorded in CheckApplication.test. */
  name: string;
  file: string;
  /** passed, failed; pending (test.skip); todo. */
  status: string;
  failure?: string;
}

export interface SuiteRunResult {
  /** Spec files jest found (before sharding): zero means no suites were installed. */
  suiteFiles: number;
  /** Spec files this run (its shard) executed. */
  suitesRun: number;
  /** Suites that could not run at all (a syntax error, a broken fixture): a harness failure. */
  brokenSuites: Array<{ file: string; message: string }>;
  tests: JestTest[];
  /** Wall time of each spec file as jest measured it (module loading, collection, tests, hooks), in run order. */
  files: Array<{ file: string; ms: number }>;
}

export interface SuiteSelection {
  shard?: { index: number; count: number };
  /** Only the spec files whose path matches (jest's testPathPatterns), e.g. the TLS spec alone. */
  only?: string;
}

/**
 * Runs the suites through the run's limiter and recorder. --grep is not jest's: the suites select
 * the checks it names themselves (RunContext.grep), and register a test only where one is selected.
 */
export async function runSuites(ctx: RunContext, token: string, services: { limiter: RunLimiter; recorder: RunRecorder }, selection: SuiteSelection = {}, options: { progress?: boolean } = {}): Promise<SuiteRunResult> {
  const suiteFiles = specFiles().length;
  // jest refuses a missing roots folder with an exception; the CLI says it in its own words.
  if (suiteFiles === 0) return { suiteFiles, suitesRun: 0, brokenSuites: [], tests: [], files: [] };
  const close = openSuites(ctx, token, services);
  const globals = globalThis as unknown as Record<symbol, unknown>;
  const previous = globals[SUITE_HOST_GLOBAL];
  globals[SUITE_HOST_GLOBAL] = SUITE_HOST;
  try {
    const config = {
      rootDir: PACKAGE_ROOT,
      roots: ['<rootDir>/specs'],
      // Unsharded, every suite runs in one jest file (specs/all-specs), so that all of them start at
      // once; jest shards by file, so a sharded run (or one limited to some files) takes the spec files one by one.
      testMatch: selection.shard || selection.only !== undefined ? [`**/*.spec.${EXT}`] : [`**/specs/${ALL_SPECS}.${EXT}`],
      // Installed, the specs live under node_modules/scim-conformance/dist/specs: jest ignores
      // node_modules by default, both as test paths and in its file map.
      testPathIgnorePatterns: [],
      haste: { retainAllFiles: true },
      // Compiled specs need no transform; a checkout's TypeScript goes through the CLI's swc cache.
      ...(COMPILED ? { moduleFileExtensions: ['js', 'json'], transform: {} } : { moduleFileExtensions: ['ts', 'js', 'json'], transform: { '^.+\\.ts$': path.join(PACKAGE_ROOT, 'bin', 'jest-transform-ts.js') } }),
      testEnvironment: path.join(__dirname, `suite-environment.${EXT}`),
      cacheDirectory: path.join(os.tmpdir(), 'scim-conformance-jest-cache'),
    };
    const { results } = await runCLI(
      {
        _: [],
        $0: 'scim-conformance',
        config: JSON.stringify(config),
        // In this process: the embedded server and the suites share one event loop. Reporters are a
        // global option (in the project config jest warns and, without a jest.config, ignores them).
        runInBand: true,
        reporters: options.progress === false ? [] : [path.join(__dirname, `progress-reporter.${EXT}`)],
        watchman: false,
        ci: true,
        silent: true,
        // Without it jest would call process.exit(1) in the middle of our run when a shard or an
        // install holds no suite. It does not make such a run pass: the CLI finds that nothing was
        // judged and exits 2, saying why.
        passWithNoTests: true,
        ...(selection.shard ? { shard: `${selection.shard.index}/${selection.shard.count}` } : {}),
        ...(selection.only !== undefined ? { testPathPatterns: [selection.only] } : {}),
      },
      [PACKAGE_ROOT],
    );
    // A suite is broken when it could not run at all, or when something outside its tests failed
    // (a hook such as the clean-up afterAll): jest then reports a failure that no test carries.
    // A file in which --grep selected no check registers no test, which jest calls an error: it is not one here.
    const brokenSuites = results.testResults
      .filter((r) => !(r.testResults.length === 0 && NO_TESTS.test(r.testExecError?.message ?? '')))
      .filter((r) => r.testExecError || (r.failureMessage && r.numFailingTests === 0))
      .map((r) => {
        const text = stripAnsi([r.testExecError?.message, r.testExecError?.stack, r.failureMessage].find((t) => t !== undefined && t !== null && t.trim() !== '') ?? 'unknown error');
        return { file: specFileIn(r.testFilePath, text), message: text };
      });
    const tests = results.testResults.flatMap((file) =>
      file.testResults.map((t) => ({
        name: t.fullName,
        file: path.relative(PACKAGE_ROOT, file.testFilePath),
        status: t.status,
        ...(t.failureMessages.length > 0 ? { failure: t.failureMessages.join('\n') } : {}),
      })),
    );
    const files = [...results.testResults]
      .sort((a, b) => a.perfStats.start - b.perfStats.start)
      .map((r) => ({ file: path.relative(PACKAGE_ROOT, r.testFilePath), ms: Math.round(r.perfStats.end - r.perfStats.start) }));
    return { suiteFiles, suitesRun: results.numTotalTestSuites, brokenSuites, tests, files };
  } finally {
    globals[SUITE_HOST_GLOBAL] = previous;
    close();
  }
}

/** jest's complaint about a test file that registered no test. */
const NO_TESTS = /^Your test suite must contain at least one test/;

/** The jest file that loads every spec file (specs/all-specs.ts). */
const ALL_SPECS = 'all-specs';

/** The conformance suites as installed: every *.spec.ts (compiled: *.spec.js) under specs/. */
export function specFiles(): string[] {
  const root = path.join(PACKAGE_ROOT, 'specs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(`.spec.${EXT}`))
    .map((f) => path.join(root, f));
}

/** The file a broken suite names: for the combined file, the spec file its failure's stack points at. */
function specFileIn(testFilePath: string, failure: string): string {
  const file = path.relative(PACKAGE_ROOT, testFilePath);
  if (path.basename(testFilePath, `.${EXT}`) !== ALL_SPECS) return file;
  const named = new RegExp(`specs[\\\\/][^\\s:()]*\\.spec\\.${EXT}`).exec(failure)?.[0];
  return named ? named.replace(/\\/g, '/') : file;
}

/** jest formats its failure messages for a terminal; reports want the words. */
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

// Runs the conformance suites in specs/ with jest, in this process (so the embedded server and the
// suites share one event loop and nothing has to be serialised but the run context).
import os from 'node:os';
import path from 'node:path';
import { runCLI } from 'jest';
import { RUN_CONTEXT_ENV, TOKEN_ENV, writeRunContext, type RunContext } from './context';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

export interface SuiteRunResult {
  /** Suites that could not run at all (a syntax error, a broken fixture): a harness failure. */
  brokenSuites: Array<{ file: string; message: string }>;
}

export interface SuiteSelection {
  /** jest's testNamePattern: only tests (checks) whose full name matches. */
  grep?: string;
  shard?: { index: number; count: number };
}

export async function runSuites(ctx: RunContext, token: string, allureResultsDir: string, selection: SuiteSelection = {}): Promise<SuiteRunResult> {
  const contextFile = writeRunContext(ctx);
  const previous = { context: process.env[RUN_CONTEXT_ENV], token: process.env[TOKEN_ENV] };
  process.env[RUN_CONTEXT_ENV] = contextFile;
  process.env[TOKEN_ENV] = token;
  try {
    const config = {
      rootDir: PACKAGE_ROOT,
      roots: ['<rootDir>/specs'],
      testMatch: ['**/*.spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': ['@swc/jest', {}] },
      testEnvironment: 'allure-jest/node',
      testEnvironmentOptions: { resultsDir: allureResultsDir },
      cacheDirectory: path.join(os.tmpdir(), 'scim-conformance-jest-cache'),
      reporters: [path.join(__dirname, 'progress-reporter.ts')],
      // A check's result must not depend on a retry; the run is judged once.
      maxWorkers: 1,
    };
    const { results } = await runCLI(
      {
        _: [],
        $0: 'scim-conformance',
        config: JSON.stringify(config),
        runInBand: true,
        watchman: false,
        ci: true,
        silent: true,
        passWithNoTests: true,
        ...(selection.grep !== undefined ? { testNamePattern: selection.grep } : {}),
        ...(selection.shard ? { shard: `${selection.shard.index}/${selection.shard.count}` } : {}),
      },
      [PACKAGE_ROOT],
    );
    const brokenSuites = results.testResults
      .filter((r) => r.testExecError !== undefined && r.testExecError !== null)
      .map((r) => ({ file: path.relative(PACKAGE_ROOT, r.testFilePath), message: r.testExecError?.message ?? 'unknown error' }));
    return { brokenSuites };
  } finally {
    restoreEnv(RUN_CONTEXT_ENV, previous.context);
    restoreEnv(TOKEN_ENV, previous.token);
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

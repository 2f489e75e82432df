// What every conformance suite starts from: the run context, one client whose every (redacted)
// exchange is counted, the journal of created resources, and the run's limiter and recorder. The
// runner opens it for the suites' run (runSuites) and closes it after.
import path from 'node:path';
import { getCheck } from '../checks/registry';
import { ScimClient } from '../http/client';
import { Redactor } from '../http/redact';
import { formatApplication } from '../report/format';
import type { CheckApplication } from '../report/outcome';
import { compileSchemas } from '../schemas';
import { Journal } from '../sequences/journal';
import { STOP_FILE, type RunContext } from './context';
import type { RunLimiter } from './limiter';
import type { RunRecorder } from './recorder';

export interface SuiteEnv {
  run: RunContext;
  client: ScimClient;
  journal: Journal;
  recorder: RunRecorder;
}

let current: SuiteEnv | undefined;

/**
 * Opens the suites' environment for one run; the returned function closes it. One client for every
 * suite, so its keep-alive connections stay in use instead of idling (an endpoint closes idle ones,
 * and a request sent as it does fails with a reset).
 */
export function openSuites(run: RunContext, token: string, services: { limiter: RunLimiter; recorder: RunRecorder }): () => void {
  if (current) throw new Error('the suites of another run are still open in this process');
  // Before the suites' first request: the schemas are compiled once per process, not at a request.
  compileSchemas();
  const { recorder } = services;
  const client = new ScimClient({
    baseUrl: run.baseUrl,
    token,
    timeoutMs: run.timeoutMs,
    redactor: new Redactor([token]),
    maxResponseBytes: run.maxResponseBytes,
    deadlineAt: run.deadlineAt,
    stopFile: path.join(run.runDir, STOP_FILE),
    onExchange: () => recorder.exchange(),
    onRetry: (waitedMs) => recorder.retry(waitedMs),
    ...(run.caPem !== undefined ? { ca: run.caPem } : {}),
    gate: services.limiter,
  });
  current = { run, client, journal: new Journal(run.runDir), recorder };
  return () => {
    current = undefined;
  };
}

/** The environment of the run whose suites are being collected or run. */
export function openSuite(): SuiteEnv {
  if (!current) throw new Error('no run is open: the suites in specs/ are run by the scim-conformance CLI, not directly by jest');
  return current;
}

const NOT_PASSED = new Set(['failed', 'blocked', 'error']);

/**
 * Records a test's check applications, then ends the test: it fails when one of them did not pass,
 * with each of those in the words of the reports. The runner reconciles jest's result with the records.
 */
export function settleTest(apps: readonly CheckApplication[]): void {
  const { recorder } = openSuite();
  for (const app of apps) recorder.record(app);
  const down = apps.filter((a) => NOT_PASSED.has(a.status));
  if (down.length === 0) return;
  const error = new Error(down.map((a) => formatApplication(getCheck(a.checkId), a)).join('\n\n'));
  error.name = down.some((a) => a.status === 'error') ? 'HarnessError' : down.some((a) => a.status === 'failed') ? 'CheckFailed' : 'CheckBlocked';
  throw error;
}

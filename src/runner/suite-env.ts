// What every conformance suite starts from: the run context, one client whose every (redacted)
// exchange is counted, the journal of created resources, and the run's recorder.
import { ScimClient } from '../http/client';
import { Redactor } from '../http/redact';
import { Journal } from '../sequences/journal';
import path from 'node:path';
import { getCheck } from '../checks/registry';
import { formatApplication } from '../report/format';
import type { CheckApplication } from '../report/outcome';
import { runLimiter } from './limiter';
import { runRecorder, type RunRecorder } from './recorder';
import { loadRunContext, STOP_FILE, type RunContext } from './context';

export interface SuiteEnv {
  run: RunContext & { token: string };
  client: ScimClient;
  journal: Journal;
  recorder: RunRecorder;
}

let opened: SuiteEnv | undefined;

/**
 * The suites' environment, one per jest module registry (all suites of an unsharded run share it): one
 * client, so its keep-alive connections stay in use instead of idling (an endpoint closes idle ones,
 * and a request sent as it does fails with a reset).
 */
export function openSuite(): SuiteEnv {
  opened ??= open();
  return opened;
}

function open(): SuiteEnv {
  const run = loadRunContext();
  const recorder = runRecorder();
  const client = new ScimClient({
    baseUrl: run.baseUrl,
    token: run.token,
    timeoutMs: run.timeoutMs,
    redactor: new Redactor([run.token]),
    maxResponseBytes: run.maxResponseBytes,
    deadlineAt: run.deadlineAt,
    stopFile: path.join(run.runDir, STOP_FILE),
    // The CLI only counts exchanges: a line each, not the bodies, keeps the run's disk use small.
    onExchange: (ex) => recorder.exchange({ seq: ex.seq, label: ex.label, status: ex.response?.status ?? ex.error?.code }),
    onRetry: (waitedMs) => recorder.retry(waitedMs),
    ...(run.caPem !== undefined ? { ca: run.caPem } : {}),
    gate: runLimiter(),
  });
  return { run, client, journal: new Journal(run.runDir), recorder };
}

/** The spec file being collected ("entra/entra.spec.ts"; jest knows it), naming chains in the run's timing. */
export function specFileName(): string {
  const testPath = (expect as unknown as { getState(): { testPath?: string } }).getState().testPath ?? '';
  return testPath.split(/[\\/]/).slice(-2).join('/');
}

const NOT_PASSED = new Set(['failed', 'blocked', 'error']);

/**
 * Records a test's check applications, then ends the test: it fails when one of them did not pass,
 * with each of those in the words of the reports. The runner reconciles jest's result with the records.
 */
export function settleTest(apps: readonly CheckApplication[]): void {
  const recorder = runRecorder();
  for (const app of apps) recorder.record(app);
  const down = apps.filter((a) => NOT_PASSED.has(a.status));
  if (down.length === 0) return;
  const error = new Error(down.map((a) => formatApplication(getCheck(a.checkId), a)).join('\n\n'));
  error.name = down.some((a) => a.status === 'error') ? 'HarnessError' : down.some((a) => a.status === 'failed') ? 'CheckFailed' : 'CheckBlocked';
  throw error;
}

// What every conformance suite starts from: the run context, one client whose every (redacted)
// exchange is counted, and the journal of created resources.
import { ScimClient } from '../http/client';
import { Redactor } from '../http/redact';
import { Journal } from '../sequences/journal';
import path from 'node:path';
import { runLimiter } from './limiter';
import { appendLine, EXCHANGES_FILE, loadRunContext, RETRIES_FILE, STOP_FILE, type RunContext } from './context';

export interface SuiteEnv {
  run: RunContext & { token: string };
  client: ScimClient;
  journal: Journal;
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
  const client = new ScimClient({
    baseUrl: run.baseUrl,
    token: run.token,
    timeoutMs: run.timeoutMs,
    redactor: new Redactor([run.token]),
    maxResponseBytes: run.maxResponseBytes,
    deadlineAt: run.deadlineAt,
    stopFile: path.join(run.runDir, STOP_FILE),
    // The CLI only counts exchanges: a line each, not the bodies, keeps the run's disk use small.
    onExchange: (ex) => appendLine(run.runDir, EXCHANGES_FILE, { seq: ex.seq, label: ex.label, status: ex.response?.status ?? ex.error?.code }),
    onRetry: (waitedMs) => appendLine(run.runDir, RETRIES_FILE, { waitedMs }),
    ...(run.caPem !== undefined ? { ca: run.caPem } : {}),
    gate: runLimiter(),
  });
  return { run, client, journal: new Journal(run.runDir) };
}

/** The spec file being collected ("entra/entra.spec.ts"; jest knows it), naming chains in the run's timing. */
export function specFileName(): string {
  const testPath = (expect as unknown as { getState(): { testPath?: string } }).getState().testPath ?? '';
  return testPath.split(/[\\/]/).slice(-2).join('/');
}

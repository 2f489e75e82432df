// What every conformance suite starts from: the run context, one client whose every (redacted)
// exchange is counted, and the journal of created resources.
import { ScimClient } from '../http/client';
import { Redactor } from '../http/redact';
import { Journal } from '../sequences/journal';
import { appendLine, EXCHANGES_FILE, loadRunContext, type RunContext } from './context';

export interface SuiteEnv {
  run: RunContext & { token: string };
  client: ScimClient;
  journal: Journal;
}

export function openSuite(): SuiteEnv {
  const run = loadRunContext();
  const client = new ScimClient({
    baseUrl: run.baseUrl,
    token: run.token,
    timeoutMs: run.timeoutMs,
    redactor: new Redactor([run.token]),
    onExchange: (ex) => appendLine(run.runDir, EXCHANGES_FILE, ex),
  });
  return { run, client, journal: new Journal(run.runDir) };
}

// Entra's view of the connection (entra-requests.md §1.6): one test per entra.tls check, judged from
// the TLS probe the runner took before the suites (RunContext.tls). On http:// every check is
// recorded as skipped with the reason; the checks are profile-independent and recorded once.
import { entraTlsChecks, judgeTls } from '../../src/checks/entra/tls';
import type { CheckApplication } from '../../src/report/outcome';
import { loadRunContext } from '../../src/runner/context';
import { runRecorder } from '../../src/runner/recorder';
import { settleTest } from '../../src/runner/suite-env';

const run = loadRunContext();
const profile = run.profiles[0]!;
const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
const DESCRIBE = 'Entra TLS (https connection)';
const HTTP_REASON = 'http: Entra requires https ("Support HTTPS on your SCIM endpoint"), so there is no TLS to judge';

describe(DESCRIBE, () => {
  for (const check of entraTlsChecks) {
    const title = `${check.id}: ${check.title}`;
    const base = { checkId: check.id, profile, area: 'entra', sequence: 'tls' } as const;
    const probe = run.tls;
    // --grep selects by "<describe title> <test title>"; a check it leaves out has no test.
    if (grep && !grep.test(`${DESCRIBE} ${title}`)) continue;
    if (!probe) {
      const name = `${title} (skipped: ${HTTP_REASON})`;
      test.skip(name, () => undefined);
      // Recorded now: a skipped test's body never runs.
      runRecorder().record({ ...base, step: 'connection', status: 'skipped', durationMs: 0, reason: `skipped: ${HTTP_REASON}`, test: `${DESCRIBE} ${name}` });
      continue;
    }
    test(title, () => {
      const j = judgeTls(check.id, probe, run.baseUrl);
      const app: CheckApplication = {
        ...base,
        step: j.step,
        status: j.status,
        durationMs: 0,
        request: j.request,
        test: `${DESCRIBE} ${title}`,
        ...(j.expected !== undefined ? { expected: j.expected } : {}),
        ...(j.received !== undefined ? { received: j.received } : {}),
        ...(j.reason !== undefined ? { reason: j.reason } : {}),
        ...(j.curl !== undefined ? { curl: j.curl } : {}),
        ...(j.status === 'blocked' ? { blockedBy: { sequence: 'tls', step: j.step, request: j.request } } : {}),
      };
      settleTest([app]);
    });
  }
});

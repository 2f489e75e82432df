// Entra's view of the connection (entra-requests.md §1.6): one test per entra.tls check, judged from
// the TLS probe the runner took before the suites (RunContext.tls). On http:// every check is
// recorded as skipped with the reason; the checks are profile-independent and recorded once.
import { entraTlsChecks, judgeTls } from '../checks/entra/tls';
import type { CheckApplication } from '../report/outcome';
import { openSuite, settleTest } from '../runner/suite-env';
import type { JestApi } from '../runner/suite-host';

const DESCRIBE = 'Entra TLS (https connection)';
const HTTP_REASON = 'http: Entra requires https ("Support HTTPS on your SCIM endpoint"), so there is no TLS to judge';

export function tlsSuite(jest: JestApi): void {
  const { run, recorder } = openSuite();
  const profile = run.profiles[0]!;
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  // --grep selects by "<describe title> <test title>"; a check it leaves out has no test.
  const checks = entraTlsChecks.filter((check) => !grep || grep.test(`${DESCRIBE} ${check.id}: ${check.title}`));
  if (checks.length === 0) return;
  jest.describe(DESCRIBE, () => {
    for (const check of checks) {
      const title = `${check.id}: ${check.title}`;
      // The handshake Entra makes is the one its documentation states the requirements of.
      const base = { checkId: check.id, profile, area: 'entra', sequence: 'tls', evidence: { traffic: 'client', grade: 'documented' } } as const;
      const probe = run.tls;
      if (!probe) {
        const name = `${title} (skipped: ${HTTP_REASON})`;
        jest.test.skip(name, () => undefined);
        // Recorded now: a skipped test's body never runs.
        recorder.record({ ...base, step: 'connection', status: 'skipped', durationMs: 0, reason: `skipped: ${HTTP_REASON}`, test: `${DESCRIBE} ${name}` });
        continue;
      }
      jest.test(title, () => {
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
}

// Entra's view of the connection (entra-requests.md §1.6): one test per entra.tls check, judged from
// the TLS probe the runner took before the suites (RunContext.tls). On http:// every check is
// recorded as skipped with the reason; the checks are profile-independent and recorded once.
import { entraTlsChecks, judgeTls } from '../checks/entra/tls';
import type { CheckDefinition } from '../checks/types';
import { profilesOf, type Profile } from '../profiles';
import type { CheckApplication } from '../report/outcome';
import { openSuite, settleTest } from '../runner/suite-env';
import type { JestApi } from '../runner/suite-host';
import type { TlsProbe } from './probe';

const DESCRIBE = 'Entra TLS (https connection)';
const HTTP_REASON = 'http: Entra requires https ("Support HTTPS on your SCIM endpoint"), so there is no TLS to judge';

export function tlsSuite(jest: JestApi): void {
  const { run, recorder } = openSuite();
  // Entra's view of the connection: judged under Entra's first selected profile, absent when only Okta is replayed.
  const profile = profilesOf('entra', run.profiles)[0];
  if (profile === undefined) return;
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  // --grep selects by "<describe title> <test title>"; a check it leaves out has no test.
  const checks = entraTlsChecks.filter((check) => !grep || grep.test(`${DESCRIBE} ${check.id}: ${check.title}`));
  if (checks.length === 0) return;
  jest.describe(DESCRIBE, () => {
    for (const check of checks) {
      const title = `${check.id}: ${check.title}`;
      if (!run.tls) {
        const name = `${title} (skipped: ${HTTP_REASON})`;
        jest.test.skip(name, () => undefined);
        // Recorded now: a skipped test's body never runs.
        recorder.record(tlsApplication(check, undefined, run.baseUrl, profile, `${DESCRIBE} ${name}`));
        continue;
      }
      const probe = run.tls;
      jest.test(title, () => settleTest([tlsApplication(check, probe, run.baseUrl, profile, `${DESCRIBE} ${title}`)]));
    }
  });
}

/** One entra.tls check judged from the probe (skipped on http://, where there is none). */
export function tlsApplication(check: CheckDefinition, probe: TlsProbe | undefined, baseUrl: string, profile: Profile, test?: string): CheckApplication {
  // The handshake Entra makes is the one its documentation states the requirements of.
  const base = { checkId: check.id, profile, area: 'entra', sequence: 'tls', evidence: { traffic: 'client', grade: 'documented' }, ...(test !== undefined ? { test } : {}) } as const;
  if (!probe) return { ...base, step: 'connection', status: 'skipped', durationMs: 0, reason: `skipped: ${HTTP_REASON}` };
  const j = judgeTls(check.id, probe, baseUrl);
  return {
    ...base,
    step: j.step,
    status: j.status,
    durationMs: 0,
    request: j.request,
    ...(j.expected !== undefined ? { expected: j.expected } : {}),
    ...(j.received !== undefined ? { received: j.received } : {}),
    ...(j.reason !== undefined ? { reason: j.reason } : {}),
    ...(j.curl !== undefined ? { curl: j.curl } : {}),
    ...(j.status === 'blocked' ? { blockedBy: { sequence: 'tls', step: j.step, request: j.request } } : {}),
  };
}

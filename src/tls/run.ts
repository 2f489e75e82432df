// What the runner does when its own HTTPS client cannot connect (an untrusted chain, a wrong host
// name, no TLS 1.2/1.3): only the entra.tls checks can judge anything, and every other check is
// recorded as blocked by the connection, never passed and never the harness's error.
import { CHECKS } from '../checks/registry';
import type { Profile } from '../profiles';
import type { Area, CheckApplication } from '../report/outcome';
import type { DiscoverySnapshot } from '../runner/discovery';
import type { TlsProbe } from './probe';

/** jest testPathPatterns entry that selects the TLS spec alone (a checkout's .ts, an install's .js). */
export const TLS_SPEC_PATTERN = '[/\\\\]specs[/\\\\]entra[/\\\\]tls\\.spec\\.[jt]s$';

export function unfetchedDiscovery(reason: string): DiscoverySnapshot {
  const doc = { request: `not fetched: ${reason}` };
  return { serviceProviderConfig: doc, resourceTypes: doc, schemas: doc };
}

/** One blocked application per check outside entra.tls (per profile; the RFC suite's once), as --grep selects. */
export function blockedByTls(probe: TlsProbe, reason: string, profiles: readonly Profile[], grep: string | undefined): CheckApplication[] {
  const pattern = grep !== undefined ? new RegExp(grep) : undefined;
  const request = `TLS handshake ${probe.host}:${probe.port} (the run's client: TLS 1.2-1.3, verifying) -> ${reason}`;
  const out: CheckApplication[] = [];
  for (const check of CHECKS) {
    if (check.id.startsWith('entra.tls.')) continue;
    if (pattern && !pattern.test(`${check.id}: ${check.title}`)) continue;
    const rfc = check.suite === 'rfc7643' || check.suite === 'rfc7644';
    const area: Area = rfc ? 'rfc' : 'entra';
    for (const profile of rfc ? profiles.slice(0, 1) : profiles) {
      out.push({
        checkId: check.id,
        profile,
        area,
        // Whose request it would have judged: Entra's sequences (and property cases), or the RFC suite's.
        evidence: rfc ? { traffic: 'suite' } : { traffic: 'client', grade: 'documented' },
        sequence: 'tls',
        step: 'connection',
        status: 'blocked',
        durationMs: 0,
        reason: `blocked: the run's HTTPS client cannot connect to the endpoint (${reason}), so no request was sent`,
        blockedBy: { sequence: 'tls', step: 'connection', request },
      });
    }
  }
  return out;
}

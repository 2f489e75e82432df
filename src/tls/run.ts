// What the runner does when its own HTTPS client cannot connect (an untrusted chain, a wrong host
// name, no TLS 1.2/1.3): only the entra.tls checks can judge anything, and every other check is
// recorded as blocked by the connection, never passed and never the harness's error.
import type { Profile } from '../profiles';
import type { CheckApplication } from '../report/outcome';
import { blockedBy } from '../runner/blocked';
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
  const request = `TLS handshake ${probe.host}:${probe.port} (the run's client: TLS 1.2-1.3, verifying) -> ${reason}`;
  return blockedBy({ sequence: 'tls', step: 'connection', request }, `blocked: the run's HTTPS client cannot connect to the endpoint (${reason}), so no request was sent`, {
    profiles,
    ...(grep !== undefined ? { grep } : {}),
    except: (check) => check.id.startsWith('entra.tls.'),
  });
}

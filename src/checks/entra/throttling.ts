// Throttling where Entra would escrow and quarantine (entra-requests.md §6): a lookup still refused
// with 429/503 after the client waited as Retry-After asked (RETRY in src/http/client.ts bounds it).
import { header } from '../../http/exchange';
import { DOCS } from '../references';
import { defineCheck, NOT_APPLICABLE } from '../types';
import { violation } from '../violation';

export const entraThrottlingChecks = [
  defineCheck({
    id: 'entra.response.throttle-clears',
    title: 'A throttled lookup (429/503) is answered once Retry-After has been waited out',
    suite: 'entra',
    requirement: { ref: 'Entra: Error handling and quarantine (TooManyRequests, escrow thresholds)', url: DOCS.entraQuarantine },
    level: 'SHOULD',
    quote:
      'A request that still fails with TooManyRequests is logged as a failure and the object goes to escrow, retried in later cycles; when more than 40 % of a cycle\'s events fail, the provisioning job is quarantined and runs once a day. The gallery checklist asks endpoints to support at least 25 requests per second per tenant.',
    provenBy: ['throttles-lookups'],
    verify: (ctx) => {
      const res = ctx.exchange.response;
      if (!res) return NOT_APPLICABLE;
      if (res.status === 429 || res.status === 503) {
        violation(
          'an answer after the harness honoured Retry-After (bounded retries, see summary.json "retries")',
          `HTTP ${res.status} after ${(ctx.exchange.durationMs / 1000).toFixed(1)} s of retries, Retry-After: ${header(res, 'retry-after') ?? 'none'}`,
        );
      }
    },
  }),
];

// Correctness under load: the sampled read-backs of a scale run are judged by the conformance suites'
// own checks (src/checks), with the same outcome rules as a conformance run (sequences/suite.ts):
// a Violation fails, an unmet precondition blocks (or skips, when the endpoint declares the feature
// unsupported), anything else is a harness error.
import { getCheck } from '../checks/registry';
import { NOT_APPLICABLE, type CheckContext, type ResponseKind, type StepExpectations } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { toCurl } from '../http/curl';
import { describeExchange, renderResponse, type Exchange } from '../http/exchange';
import type { Profile } from '../profiles';
import type { ApplicationStatus } from '../report/outcome';
import type { DiscoverySnapshot } from '../runner/discovery';

/** The checks each read-back is judged by: the same as the Entra suites' read-back steps. */
export const USER_READBACK_CHECKS = ['entra.users.get.matches-created'] as const;
export const GROUP_READBACK_CHECKS = ['entra.groups.members.verifiable', 'entra.groups.members.added', 'entra.groups.members.no-duplicates'] as const;

export interface CheckFailure {
  /** Which resource the read-back was of, e.g. "user 42". */
  subject: string;
  status: ApplicationStatus;
  request: string;
  expected?: string;
  received?: string;
  reason?: string;
  response?: string;
  curl?: string;
}

export interface CheckTally {
  id: string;
  title: string;
  level: string;
  counts: Record<ApplicationStatus, number>;
  /** The first few applications that did not pass (the report shows them). */
  failures: CheckFailure[];
}

const KEPT_FAILURES = 5;

export class Correctness {
  private readonly tallies = new Map<string, CheckTally>();

  constructor(
    private readonly profile: Profile,
    private readonly discovery: DiscoverySnapshot,
  ) {}

  /** Judges one read-back exchange with each named check. */
  judge(checkIds: readonly string[], exchange: Exchange, responseKind: ResponseKind, expect: StepExpectations, subject: string): void {
    for (const id of checkIds) {
      const check = getCheck(id);
      const ctx: CheckContext = { exchange, responseKind, profile: this.profile, vars: {}, expect, discovery: this.discovery };
      let status: ApplicationStatus = 'passed';
      let detail: Omit<CheckFailure, 'subject' | 'status' | 'request'> = {};
      try {
        if (check.verify?.(ctx) === NOT_APPLICABLE) status = 'not-applicable';
      } catch (err) {
        if (err instanceof Violation) {
          status = 'failed';
          detail = { expected: err.expected, received: err.received, response: renderResponse(exchange, 2000), curl: toCurl(exchange) };
        } else if (err instanceof PreconditionUnmet) {
          status = err.unsupported ? 'skipped' : 'blocked';
          detail = { reason: err.message, response: renderResponse(exchange, 2000) };
        } else {
          status = 'error';
          detail = { reason: `internal error in the check (a harness bug, not the endpoint's failure): ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      this.add(id, check.title, check.level, status, { subject, status, request: describeExchange(exchange), ...detail });
    }
  }

  /** A read-back that could not be made (its resource was never created, or the request was not sent). */
  blocked(checkIds: readonly string[], subject: string, reason: string): void {
    for (const id of checkIds) {
      const check = getCheck(id);
      this.add(id, check.title, check.level, 'blocked', { subject, status: 'blocked', request: '(not sent)', reason });
    }
  }

  private add(id: string, title: string, level: string, status: ApplicationStatus, failure: CheckFailure): void {
    let t = this.tallies.get(id);
    if (!t) {
      t = { id, title, level, counts: { passed: 0, failed: 0, blocked: 0, skipped: 0, 'not-applicable': 0, error: 0 }, failures: [] };
      this.tallies.set(id, t);
    }
    t.counts[status]++;
    if (status !== 'passed' && status !== 'not-applicable' && t.failures.length < KEPT_FAILURES) t.failures.push(failure);
  }

  results(): CheckTally[] {
    return [...this.tallies.values()];
  }
}

/** A tally's one-word outcome: failed beats error beats blocked; all skipped is skipped. */
export function tallyStatus(t: CheckTally): ApplicationStatus {
  const c = t.counts;
  if (c.failed > 0) return 'failed';
  if (c.error > 0) return 'error';
  if (c.blocked > 0) return 'blocked';
  if (c.passed > 0) return 'passed';
  if (c.skipped > 0) return 'skipped';
  return 'not-applicable';
}

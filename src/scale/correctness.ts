// Correctness under load: the sampled read-backs of a scale run are judged by the conformance suites'
// own checks (src/checks), with the same outcome rules as a conformance run (sequences/suite.ts):
// a Violation fails, an unmet precondition blocks (or skips, when the endpoint declares the feature
// unsupported), anything else is a harness error. What only many requests together show (Okta's
// import reading every user once across its pages) is judged by scale mode's own rules, tallied alike.
import { getCheck } from '../checks/registry';
import { NOT_APPLICABLE, type CheckContext, type Level, type ResponseKind, type StepExpectations } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { toCurl } from '../http/curl';
import { describeExchange, renderResponse, type Exchange } from '../http/exchange';
import type { Client, Profile } from '../profiles';
import type { ApplicationStatus } from '../report/outcome';
import type { DiscoverySnapshot } from '../runner/discovery';

/**
 * The checks each read-back is judged by, per client. Entra: the Entra suites' read-back checks. Okta:
 * RFC 7644's GET by id (the values the user was created with, the members the group was given), which
 * says nothing of Entra's request shapes.
 */
export const READBACK_CHECKS: Record<Client, { user: readonly string[]; group: readonly string[] }> = {
  entra: { user: ['entra.users.get.matches-created'], group: ['entra.groups.members.verifiable', 'entra.groups.members.added', 'entra.groups.members.no-duplicates'] },
  okta: { user: ['rfc7644.get.by-id'], group: ['rfc7644.get.by-id'] },
};

/** A rule of scale mode's own: what no single exchange shows, judged over many (no registry check can). */
export interface ScaleRule {
  id: string;
  title: string;
  level: Level;
  /** The documentation the rule stands on. */
  quote: string;
}

const OKTA_IMPORT_QUOTE =
  'Okta imports with GET /Users?startIndex=1&count=100, then startIndex + 100 while totalResults says more are left (okta-requests.md §3.2, O-06; groups alike, §3.12, O-18); the server "must consistently return the same ordering of results … regardless of which values are provided for the count and startIndex" (okta-requests.md §5 rule 3, OKTA-DOC S1).';

/** Okta's import must read every user (group) the push created exactly once across its pages. */
export const OKTA_IMPORT_RULES: Record<'Users' | 'Groups', ScaleRule> = {
  Users: { id: 'scale.okta.import.every-user-once', title: "Okta's import reads every user the push created exactly once across its pages", level: 'MUST', quote: OKTA_IMPORT_QUOTE },
  Groups: { id: 'scale.okta.import.every-group-once', title: "Okta's import reads every group the push created exactly once across its pages", level: 'MUST', quote: OKTA_IMPORT_QUOTE },
};

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

  /** One application of a scale rule (the caller judged it). */
  rule(rule: ScaleRule, status: ApplicationStatus, failure: Omit<CheckFailure, 'status'>): void {
    this.add(rule.id, rule.title, rule.level, status, { ...failure, status });
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

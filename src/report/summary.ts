// summary.json (the CLI contract in design.md §1): one entry per check and profile, aggregated over
// every step the check judged in that profile.
import { CHECKS } from '../checks/registry';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { FailOn } from '../config';
import type { Profile } from '../profiles';
import { formatApplication } from './format';
import type { CheckApplication } from './outcome';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface SummaryCheck {
  id: string;
  title: string;
  suite: Suite;
  profile: Profile;
  requirement: string;
  requirementUrl?: string;
  level: Level;
  status: CheckStatus;
  /** Whether this check's failure fails the run at the chosen --fail-on level. */
  gating: boolean;
  durationMs: number;
  /** How many steps this check judged in this profile. */
  applications: number;
  message?: string;
}

export interface Summary {
  tool: { name: string; version: string };
  target: string;
  targetKind: 'embedded' | 'url';
  serverFaults?: string[];
  serverVariations?: string[];
  profiles: Profile[];
  seed: number;
  failOn: FailOn;
  startedAt: string;
  durationMs: number;
  verdict: 'passed' | 'failed';
  totals: { passed: number; failed: number; skipped: number };
  failedByLevel: Record<Level, number>;
  requests: number;
  checks: SummaryCheck[];
  /** Resources the run created and could not delete. */
  leftovers: Array<{ type: string; name: string; id?: string; reason: string }>;
  /** Suites the harness could not run at all (its own failure, not the endpoint's). */
  internalErrors: string[];
  /** Set when this summary merges shards: which shard reports it combines. */
  shards?: string[];
}

/** Everything about a run except what is computed from its check applications. */
export type RunFacts = Omit<Summary, 'verdict' | 'totals' | 'failedByLevel' | 'checks'>;

export function buildSummary(facts: RunFacts, apps: readonly CheckApplication[]): Summary {
  const checks = summariseChecks(apps, facts.profiles, facts.failOn);
  const failedGating = checks.some((c) => c.status === 'failed' && c.gating);
  return {
    ...facts,
    verdict: failedGating || facts.internalErrors.length > 0 ? 'failed' : 'passed',
    totals: totalsOf(checks),
    failedByLevel: failedByLevel(checks),
    checks,
  };
}

export function isGating(level: Level, failOn: FailOn): boolean {
  return level === 'MUST' || (level === 'SHOULD' && failOn === 'should');
}

function aggregate(check: CheckDefinition, profile: Profile, apps: CheckApplication[], failOn: FailOn): SummaryCheck {
  const failed = apps.filter((a) => a.status === 'failed');
  const passed = apps.filter((a) => a.status === 'passed');
  const notRun = apps.filter((a) => a.status === 'blocked' || a.status === 'skipped');
  let status: CheckStatus;
  let message: string | undefined;
  if (failed.length > 0) {
    status = 'failed';
    // The first failure in full; the other steps that failed the same check by name only.
    const others = failed.slice(1).map((a) => `${a.sequence} › ${a.step}`);
    message = formatApplication(check, failed[0]) + (others.length > 0 ? `\n  Also failed at: ${others.join(', ')}` : '');
  } else if (passed.length > 0) {
    status = 'passed';
  } else {
    status = 'skipped';
    message = notRun.length > 0 ? notRun[0].reason : 'not applicable: no response of the kind this check judges was seen';
  }
  return {
    id: check.id,
    title: check.title,
    suite: check.suite,
    profile,
    requirement: check.requirement.ref,
    ...(check.requirement.url ? { requirementUrl: check.requirement.url } : {}),
    level: check.level,
    status,
    gating: isGating(check.level, failOn),
    durationMs: Math.round(apps.reduce((t, a) => t + a.durationMs, 0) * 10) / 10,
    applications: apps.length,
    ...(message !== undefined ? { message } : {}),
  };
}

/** One row per check and profile, in registry order; checks never applied are left out. */
export function summariseChecks(apps: readonly CheckApplication[], profiles: readonly Profile[], failOn: FailOn): SummaryCheck[] {
  const rows: SummaryCheck[] = [];
  for (const profile of profiles) {
    for (const check of CHECKS) {
      const mine = apps.filter((a) => a.checkId === check.id && a.profile === profile);
      if (mine.length > 0) rows.push(aggregate(check, profile, mine, failOn));
    }
  }
  return rows;
}

export function totalsOf(checks: readonly SummaryCheck[]): Summary['totals'] {
  return {
    passed: checks.filter((c) => c.status === 'passed').length,
    failed: checks.filter((c) => c.status === 'failed').length,
    skipped: checks.filter((c) => c.status === 'skipped').length,
  };
}

export function failedByLevel(checks: readonly SummaryCheck[]): Record<Level, number> {
  const out: Record<Level, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  for (const c of checks) if (c.status === 'failed') out[c.level]++;
  return out;
}

// One check applied to one step of one sequence run: the record every report is built from.
import type { Profile } from '../profiles';

/**
 * blocked: an earlier step the check depends on failed; skipped: the endpoint declares the feature
 * unsupported (decided at collection time); not-applicable: the exchange had nothing to judge.
 */
export type ApplicationStatus = 'passed' | 'failed' | 'blocked' | 'skipped' | 'not-applicable';

export interface CheckApplication {
  checkId: string;
  profile: Profile;
  sequence: string;
  step: string;
  status: ApplicationStatus;
  durationMs: number;
  /** "GET https://... -> 200" of the judged exchange. */
  request?: string;
  expected?: string;
  received?: string;
  /** What came back, for failures: status line, headers and body (truncated). */
  response?: string;
  /** The curl lines that reproduce the failure (token as $SCIM_TOKEN). */
  curl?: string;
  /** Why the check could not run (blocked, skipped), or an internal error. */
  reason?: string;
  /** How to re-run exactly this case, e.g. "--seed 42 --runs 25" for a property failure. */
  replay?: string;
}

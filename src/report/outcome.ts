// One check applied to one step of one sequence run: the record every report is built from.
import type { Profile } from '../profiles';

export type ApplicationStatus = 'passed' | 'failed' | 'blocked' | 'not-applicable';

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
  /** The curl lines that reproduce the failure (token as $SCIM_TOKEN). */
  curl?: string;
  /** Why the check could not run (blocked), or an internal error. */
  reason?: string;
}

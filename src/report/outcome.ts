// One check applied to one step of one sequence run: the record every report is built from.
import type { RunCut } from '../http/client';
import type { Profile } from '../profiles';

/**
 * passed / failed: the check judged the step. blocked: it could not judge, because a step or a
 * precondition it depends on failed (a blocked MUST check fails the gate). skipped: the endpoint
 * declares the feature unsupported, or the user's selection left it out. not-applicable: the
 * exchange had nothing of the kind the check judges. error: the harness itself failed (a bug of
 * the tool, never the endpoint's failure: the run exits 2).
 */
export type ApplicationStatus = 'passed' | 'failed' | 'blocked' | 'skipped' | 'not-applicable' | 'error';

/**
 * The verdicts of a run, and which one's traffic an application belongs to: `entra` for Entra's
 * replayed sequences and the property suites (random Entra traffic), `okta` for Okta's replayed
 * sequences, `rfc` for the RFC 7643/7644 suite.
 */
export type Area = 'entra' | 'okta' | 'rfc';

export const AREAS: readonly Area[] = ['entra', 'okta', 'rfc'];

/**
 * Whose request an application judged (design.md, "Verdicts follow evidence"): `client` a request
 * the client of the application's profile (Entra, Okta) sends, `suite` a request only the RFC or
 * property suites send, `verification` the harness's own read-back of what a request did, `probe` a
 * request the client's configuration at hand would not send, made only to report a capability.
 */
export type Traffic = 'client' | 'suite' | 'verification' | 'probe';

/** How well a client's request shape is established: by its documentation, one observed capture, or no source. */
export type ShapeGrade = 'documented' | 'observed' | 'unverified';

export interface Evidence {
  traffic: Traffic;
  /** client, verification and probe traffic: the grade of the client request judged (a read-back: of the request it verifies). */
  grade?: ShapeGrade;
  /** Why the grade or the traffic is what it is, when it is not plain (an UNVERIFIED shape, a probe). */
  note?: string;
  /** The optional feature the step exercises (the capability table). */
  capability?: string;
}

/** The step whose failure blocked an application: the root cause the report groups by. */
export interface Cause {
  sequence: string;
  step: string;
  /** "POST https://... -> 400" of the step that failed, when it ran. */
  request?: string;
}

export interface CheckApplication {
  checkId: string;
  profile: Profile;
  area: Area;
  sequence: string;
  step: string;
  status: ApplicationStatus;
  durationMs: number;
  /** The full name of the jest test that recorded it: the runner reconciles jest's results with these. */
  test?: string;
  /** What the application judged and on whose traffic: the verdicts it may gate follow from it (report/evidence.ts). */
  evidence: Evidence;
  /** "GET https://... -> 200" of the judged exchange. */
  request?: string;
  expected?: string;
  received?: string;
  /** What came back, for failures: status line, headers and body (truncated). */
  response?: string;
  /** The curl lines that reproduce the failure (token as $SCIM_TOKEN). */
  curl?: string;
  /** Why the check could not run (blocked, skipped), or the harness error. */
  reason?: string;
  /** For blocked applications: the step whose failure took this check down. */
  blockedBy?: Cause;
  /** For a read-back (the harness's verification request): the step it verifies, whose cause its failures share. */
  verifies?: string;
  /**
   * For blocked applications: the run stopped (its deadline, or an interruption) before the endpoint
   * answered what this check needed. Neither passed nor failed: it gates nothing, and it leaves its
   * verdict incomplete.
   */
  cutBy?: RunCut;
  /** How to re-run exactly this case, e.g. "--seed 42 --runs 25" for a property failure. */
  replay?: string;
}

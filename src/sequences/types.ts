// The data format of fixtures/entra/*.json: Entra's request sequences as data, replayed by replay.ts.
import type { HttpMethod } from '../http/exchange';
import type { ResponseKind, StepExpectations } from '../checks/types';

export type ResourceType = 'Users' | 'Groups';

export interface RequestDef {
  method: HttpMethod;
  /** Relative to the tenant URL; {{vars}} are percent-encoded as path segments. */
  path: string;
  query?: Array<[string, string]>;
  /** A body, '@bodyName', or { byProfile: { entra, entra-flag } }. */
  body?: unknown;
  auth?: 'none' | 'wrong-token';
}

export interface StepDef {
  name: string;
  /** Variables (re)set just before this step, e.g. which member a PATCH adds. */
  let?: Record<string, string>;
  request: RequestDef;
  /** What a successful response is; selects the automatic response checks. */
  response: ResponseKind;
  checks: string[];
  /** Variables taken from a 2xx JSON response: var -> top-level attribute. */
  capture?: Record<string, string>;
  /** This step creates a resource the run must delete afterwards. */
  creates?: { type: ResourceType; idVar: string; name: string };
  /** This step deletes a resource created earlier. */
  deletes?: { type: ResourceType; idVar: string };
  expect?: StepExpectations;
}

export interface SequenceDef {
  id: string;
  title: string;
  /** Variables computed once per run of the sequence, in order. */
  let?: Record<string, string>;
  steps: StepDef[];
}

export interface SequenceFile {
  bodies: Record<string, unknown>;
  sequences: SequenceDef[];
}

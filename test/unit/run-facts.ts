// The facts of a made-up run, for tests that build a summary from hand-written check applications.
import type { RunFacts } from '../../src/report/summary';

export const RUN_FACTS: RunFacts = {
  tool: { name: 'scim-conformance', version: '0.0.0' },
  target: 'https://t.example/scim',
  targetKind: 'url',
  profiles: ['entra', 'entra-flag'],
  seed: 7,
  seedSource: 'given',
  failOn: 'must',
  gate: 'all',
  selection: { profiles: ['entra', 'entra-flag'] },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1000,
  requests: 3,
  leftovers: [],
  internalErrors: [],
};

// The package's public API: `import { runConformance } from 'scim-conformance'`.
export { runConformance, RunError, type ConformanceOptions } from './api';
export { ConfigError, type FailOn, type Gate, type Reporter } from './config';
export type { Client, Profile } from './profiles';
export type { Summary, SummaryCheck, AreaVerdict, Counts, CheckStatus, Selection } from './report/summary';
export type { CauseEntry, CauseCheck } from './report/causes';
export { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from './server';

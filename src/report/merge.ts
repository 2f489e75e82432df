// Combines the report folders of shards (--shard i/n) into one: check applications are re-aggregated,
// so the merged summary is the one an unsharded run would have written.
import { PROFILES } from '../profiles';
import type { CheckApplication } from './outcome';
import { buildSummary, type RunFacts, type Summary } from './summary';
import { readReports } from './write';

export function mergeReports(dirs: readonly string[]): { summary: Summary; apps: CheckApplication[]; warnings: string[] } {
  if (dirs.length === 0) throw new Error('merge needs at least one report folder');
  const parts = dirs.map((dir) => ({ dir, ...readReports(dir) }));
  const first = parts[0].summary;
  const warnings: string[] = [];
  for (const p of parts.slice(1)) {
    if (p.summary.target !== first.target && first.targetKind === 'url') throw new Error(`cannot merge runs against different targets: ${first.target} and ${p.summary.target}`);
    if (p.summary.failOn !== first.failOn) throw new Error(`cannot merge runs with different --fail-on levels (${first.failOn}, ${p.summary.failOn})`);
    if (p.summary.seed !== first.seed) warnings.push(`shards used different seeds (${first.seed}, ${p.summary.seed}): pass the same --seed to every shard to make property results comparable`);
  }
  const start = Math.min(...parts.map((p) => Date.parse(p.summary.startedAt)));
  const end = Math.max(...parts.map((p) => Date.parse(p.summary.startedAt) + p.summary.durationMs));
  const facts: RunFacts = {
    tool: first.tool,
    target: first.target,
    targetKind: first.targetKind,
    ...(first.serverFaults ? { serverFaults: first.serverFaults } : {}),
    profiles: PROFILES.filter((pr) => parts.some((p) => p.summary.profiles.includes(pr))),
    seed: first.seed,
    failOn: first.failOn,
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    requests: parts.reduce((n, p) => n + p.summary.requests, 0),
    leftovers: parts.flatMap((p) => p.summary.leftovers),
    internalErrors: parts.flatMap((p) => p.summary.internalErrors ?? []),
    shards: dirs.slice(),
  };
  const apps = parts.flatMap((p) => p.apps);
  return { summary: buildSummary(facts, apps), apps, warnings };
}

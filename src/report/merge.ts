// Combines the report folders of the shards of one run (--shard i/n) into one: check applications
// are re-aggregated, so the merged summary is the one an unsharded run would have written. Only a
// complete set of shards of the same run merges: same tool version, seed, selection and gate, and
// every shard 1..N exactly once. Anything else would pass off a partial run as a whole one.
import { PROFILES } from '../profiles';
import type { CheckApplication } from './outcome';
import { buildSummary, type RunFacts, type Selection, type Summary } from './summary';
import { readReports } from './write';

/** What the user selected, shard aside; a summary written before Okta was replayed selected Entra. */
function selectionOf(s: Summary): Omit<Selection, 'shard'> {
  const { shard: _shard, ...rest } = s.selection ?? { profiles: s.profiles };
  return { ...rest, clients: rest.clients ?? ['entra'] };
}

function selectionKey(s: Summary): string {
  const { clients, ...rest } = selectionOf(s);
  return JSON.stringify({ clients, ...rest });
}

function refuseMixed(parts: ReadonlyArray<{ dir: string; summary: Summary }>): void {
  const first = parts[0]!.summary;
  const same: Array<[string, (s: Summary) => unknown]> = [
    ['tool versions', (s) => `${s.tool.name} ${s.tool.version}`],
    ['seeds', (s) => s.seed],
    ['selections (--client, profiles, --grep, --runs, --replay-path, matching attribute, mapping)', selectionKey],
    ['--fail-on levels', (s) => s.failOn],
    ['--gate choices', (s) => s.gate],
    ['targets', (s) => (s.targetKind === 'url' ? s.target : 'the embedded server')],
    ['baselines', (s) => s.baseline?.source ?? 'none'],
    ['server fault or variation switches', (s) => JSON.stringify([s.serverFaults ?? [], s.serverVariations ?? []])],
  ];
  for (const [what, of] of same) {
    const values = [...new Set(parts.map((p) => String(of(p.summary))))];
    if (values.length > 1) throw new Error(`cannot merge runs with different ${what}: ${values.join(' / ')}`);
  }
  const shards = parts.map((p) => ({ dir: p.dir, shard: p.summary.selection?.shard }));
  const unsharded = shards.filter((s) => !s.shard);
  if (unsharded.length > 0) throw new Error(`merge combines the shards of one run; ${unsharded.map((s) => s.dir).join(', ')} is not a shard (run with --shard I/N)`);
  const count = first.selection.shard!.count;
  if (shards.some((s) => s.shard!.count !== count)) throw new Error(`the shards were split differently: ${shards.map((s) => `${s.shard!.index}/${s.shard!.count}`).join(', ')}`);
  const indexes = shards.map((s) => s.shard!.index);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i));
  const twice = indexes.filter((i, n) => indexes.indexOf(i) !== n);
  if (missing.length > 0 || twice.length > 0) {
    throw new Error(`incomplete set of shards of ${count}:${missing.length ? ` missing ${missing.map((i) => `${i}/${count}`).join(', ')}` : ''}${twice.length ? ` given twice ${twice.map((i) => `${i}/${count}`).join(', ')}` : ''}`);
  }
}

export function mergeReports(dirs: readonly string[]): { summary: Summary; apps: CheckApplication[] } {
  if (dirs.length === 0) throw new Error('merge needs at least one report folder');
  const parts = dirs.map((dir) => ({ dir, ...readReports(dir) }));
  refuseMixed(parts);
  const first = parts[0]!.summary;
  const start = Math.min(...parts.map((p) => Date.parse(p.summary.startedAt)));
  const end = Math.max(...parts.map((p) => Date.parse(p.summary.startedAt) + p.summary.durationMs));
  const selection = selectionOf(first);
  const stopped = parts.find((p) => p.summary.interruptedBy)?.summary.interruptedBy;
  const facts: RunFacts = {
    tool: first.tool,
    target: first.target,
    targetKind: first.targetKind,
    ...(first.serverFaults ? { serverFaults: first.serverFaults } : {}),
    ...(first.serverVariations ? { serverVariations: first.serverVariations } : {}),
    profiles: PROFILES.filter((pr) => parts.some((p) => p.summary.profiles.includes(pr))),
    seed: first.seed,
    seedSource: first.seedSource,
    failOn: first.failOn,
    gate: first.gate,
    selection,
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    requests: parts.reduce((n, p) => n + p.summary.requests, 0),
    leftovers: parts.flatMap((p) => p.summary.leftovers),
    internalErrors: parts.flatMap((p) => p.summary.internalErrors ?? []),
    shards: dirs.slice(),
    ...(first.baseline ? { baseline: first.baseline } : {}),
    // Every shard sends the same Test Connection first; one stopped by its deadline leaves the merge incomplete.
    ...(first.preflight ? { preflight: first.preflight } : {}),
    ...(stopped ? { interrupted: true, interruptedBy: stopped } : {}),
  };
  const apps = parts.flatMap((p) => p.apps);
  return { summary: buildSummary(facts, apps), apps };
}

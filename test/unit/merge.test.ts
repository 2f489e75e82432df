// Merging shards (report/merge.ts) with two clients: the selection compared across shards includes the
// clients, so shards of different clients never merge into a report that looks whole; a shard written
// before Okta was replayed selected Entra.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, Profile } from '../../src/profiles';
import { mergeReports } from '../../src/report/merge';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type Summary } from '../../src/report/summary';
import { REPORT_FILES } from '../../src/report/write';
import { RUN_FACTS as facts } from './run-facts';

const oktaApp: CheckApplication = { checkId: 'okta.connection.list-200', profile: 'okta-aiw', area: 'okta', evidence: { traffic: 'client', grade: 'documented' }, sequence: 'okta.test-connection', step: 'probe [Okta O-01]', status: 'passed', durationMs: 1 };
const entraApp: CheckApplication = { checkId: 'entra.users.create.accepted', profile: 'entra', area: 'entra', evidence: { traffic: 'client', grade: 'documented' }, sequence: 'users.provision', step: 'create [Entra R-04]', status: 'passed', durationMs: 1 };

/** A report folder of shard `index` of 2, selecting `clients` (none: a summary from before --client). */
function shard(index: number, clients: Client[] | undefined, profiles: Profile[], apps: CheckApplication[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-merge-'));
  const selection = { ...(clients ? { clients } : {}), profiles, shard: { index, count: 2 } };
  const summary: Summary = buildSummary({ ...facts, profiles, selection }, apps);
  fs.writeFileSync(path.join(dir, REPORT_FILES.summary), JSON.stringify(summary));
  fs.writeFileSync(path.join(dir, REPORT_FILES.results), apps.map((a) => JSON.stringify(a)).join('\n'));
  return dir;
}

test('shards of different clients are refused, naming --client', () => {
  const entra = shard(1, ['entra'], ['entra'], [entraApp]);
  const okta = shard(2, ['okta'], ['okta-aiw'], [oktaApp]);
  expect(() => mergeReports([entra, okta])).toThrow(/cannot merge runs with different selections \(--client, profiles/);
});

test('shards of --client all merge, keeping the clients and the Okta verdict', () => {
  const both: Profile[] = ['entra', 'okta-aiw'];
  const { summary } = mergeReports([shard(1, ['entra', 'okta'], both, [entraApp]), shard(2, ['entra', 'okta'], both, [oktaApp])]);
  expect(summary.selection.clients).toEqual(['entra', 'okta']);
  expect(summary.verdicts.okta.verdict).toBe('ready');
  expect(summary.verdicts.entra.verdict).toBe('ready');
});

test('a shard written before --client existed selected Entra: it merges with an Entra shard', () => {
  const { summary } = mergeReports([shard(1, undefined, ['entra'], [entraApp]), shard(2, ['entra'], ['entra'], [entraApp])]);
  expect(summary.selection.clients).toEqual(['entra']);
});

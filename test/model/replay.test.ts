// --replay-path from the command line: a failed property prints a replay line that is a whole
// command (the run's target included, never the token), and running it re-runs that one property,
// profile and counterexample, no other suite.
import fs from 'node:fs';
import path from 'node:path';
import { targetFlags } from '../../src/config';
import type { CheckApplication } from '../../src/report/outcome';
import { runCli } from '../selftest/cli';

/** The words of a POSIX shell line made of bare words and '…' quoted ones (as the replay line is). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!);
  return words;
}

function applications(reportDir: string): CheckApplication[] {
  return fs
    .readFileSync(path.join(reportDir, 'results.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CheckApplication);
}

/** The counterexample lines of a property's reason, without the header that says how it was found. */
const counterexample = (reason: string | undefined): string => (reason ?? '').split('\n').slice(1).join('\n');

test('the printed replay line re-runs only the failed property and profile, against the same target', async () => {
  const check = 'properties.groups.lookup.escaped-name';
  const first = await runCli(['--server-faults', 'filter-escapes-unsupported', '--grep', `${check.replace(/\./g, '\\.')}:`, '--profile', 'entra-flag']);
  expect(first.code).toBe(1);
  const line = /Replay with: scim-conformance (.+)/.exec(first.stdout)?.[1];
  expect(line).toBeDefined();
  const args = shellWords(line!);
  expect(args).toEqual(expect.arrayContaining(['--server-faults', 'filter-escapes-unsupported', '--profile', 'entra-flag', '--seed', '--runs', '--replay-path']));
  const found = applications(first.reportDir).find((a) => a.checkId === check && a.status === 'failed')!;

  const replay = await runCli(args);
  expect(replay.code).toBe(1);
  // One spec file ran, and in it one property in one profile: the counterexample, replayed.
  expect(replay.summary!.timing?.files?.map((f) => f.file)).toEqual([path.join('specs', 'properties', 'groups.spec.ts')]);
  const apps = applications(replay.reportDir);
  expect(apps.map((a) => `${a.checkId} [${a.profile}] ${a.step} ${a.status}`)).toEqual([`${check} [entra-flag] replayed counterexample failed`]);
  expect(counterexample(apps[0]!.reason)).toBe(counterexample(found.reason));
  expect(apps[0]!.reason).toContain('replayed from its path');
}, 120_000);

describe('targetFlags: the replay line names the run\'s target', () => {
  test('the embedded server with its switches, or nothing for the clean one', () => {
    expect(targetFlags({ target: { kind: 'embedded', faults: [], variations: [] } })).toBe('');
    expect(targetFlags({ target: { kind: 'embedded', faults: ['filter-escapes-unsupported', 'user-non-ascii-500'], variations: ['opaque-ids'] } })).toBe(
      '--server-faults filter-escapes-unsupported,user-non-ascii-500 --server-variations opaque-ids',
    );
  });

  test('a URL, shell-quoted, with --allow-http and --ca where the run needed them; never the token', () => {
    expect(targetFlags({ target: { kind: 'url', baseUrl: 'https://scim.contoso.com/scim/v2' } })).toBe("--url 'https://scim.contoso.com/scim/v2'");
    expect(targetFlags({ target: { kind: 'url', baseUrl: "https://scim.contoso.com/o'brien" }, ca: { file: '/etc/ca dir/ca.pem', pem: '' } })).toBe("--url 'https://scim.contoso.com/o'\\''brien' --ca '/etc/ca dir/ca.pem'");
    expect(targetFlags({ target: { kind: 'url', baseUrl: 'http://scim.internal:8080/v2' } })).toBe("--url 'http://scim.internal:8080/v2' --allow-http");
    expect(targetFlags({ target: { kind: 'url', baseUrl: 'http://127.0.0.1:8080/v2' } })).toBe("--url 'http://127.0.0.1:8080/v2'");
  });
});

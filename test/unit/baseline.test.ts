import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBaseline, standing } from '../../src/report/baseline';
import { diffRuns } from '../../src/report/diff';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type RunFacts } from '../../src/report/summary';

function file(content: unknown): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-baseline-')), 'b.json');
  fs.writeFileSync(f, JSON.stringify(content));
  return f;
}

const facts: RunFacts = {
  tool: { name: 'scim-conformance', version: '0.0.0' },
  target: 'https://t.example/scim',
  targetKind: 'url',
  profiles: ['entra'],
  seed: 1,
  seedSource: 'given',
  failOn: 'must',
  gate: 'all',
  selection: { profiles: ['entra'] },
  startedAt: '2026-12-01T10:00:00.000Z',
  durationMs: 1,
  requests: 1,
  leftovers: [],
  internalErrors: [],
};
const app = (checkId: string, status: CheckApplication['status']): CheckApplication => ({ checkId, status, profile: 'entra', area: 'entra', evidence: { traffic: 'client', grade: 'documented' }, sequence: 's', step: 'x', durationMs: 1 });

describe('a known-failures file', () => {
  const known = { knownFailures: [
    { check: 'entra.users.lookup.case-insensitive', reason: 'fix in PROJ-12', expires: '2026-12-31' },
    { check: 'entra.users.patch.accepted', profile: 'entra-flag', reason: 'flag profile not supported yet' },
    { check: 'entra.users.update.read-back', reason: 'was due last month', expires: '2026-11-01' },
  ] };
  const b = loadBaseline(file(known));

  test('excuses its checks until they expire, per profile when one is named', () => {
    expect(standing(b, 'entra.users.lookup.case-insensitive', 'entra', '2026-12-31')).toMatchObject({ status: 'known', reason: 'fix in PROJ-12' });
    expect(standing(b, 'entra.users.lookup.case-insensitive', 'entra', '2027-01-01').status).toBe('expired');
    expect(standing(b, 'entra.users.patch.accepted', 'entra', '2026-12-01').status).toBe('new');
    expect(standing(b, 'entra.users.patch.accepted', 'entra-flag', '2026-12-01').status).toBe('known');
  });

  test('a known failure is reported but does not gate; an expired one and a new one do', () => {
    const excused = buildSummary({ ...facts, baseline: b }, [app('entra.users.lookup.case-insensitive', 'failed')]);
    expect(excused).toMatchObject({ verdict: 'passed', checks: [{ status: 'failed', gating: false, baseline: { status: 'known' } }] });
    expect(buildSummary({ ...facts, baseline: b }, [app('entra.users.update.read-back', 'failed')]).verdict).toBe('failed');
    expect(buildSummary({ ...facts, baseline: b }, [app('entra.users.create.status-201', 'blocked')]).verdict).toBe('failed');
  });

  test.each([
    [{ knownFailures: [{ check: 'no.such.check', reason: 'x' }] }, /is not a check id/],
    [{ knownFailures: [{ check: 'entra.users.patch.accepted' }] }, /"reason" is required/],
    [{ knownFailures: [{ check: 'entra.users.patch.accepted', reason: 'x', expires: 'soon' }] }, /YYYY-MM-DD/],
    [{ knownFailures: [{ check: 'entra.users.patch.accepted', reason: 'x', profile: 'okta' }] }, /"profile" must be one of entra, entra-flag, okta-aiw, okta-oin/],
    [{ something: 'else' }, /neither a scim-conformance summary\.json nor a known-failures file/],
  ])('refuses a malformed file: %j', (content, message) => {
    expect(() => loadBaseline(file(content))).toThrow(message);
  });
});

test("an entry may name an Okta profile: it excuses the check there only", () => {
  const b = loadBaseline(file({ knownFailures: [{ check: 'okta.connection.list-200', profile: 'okta-oin', reason: 'OIN app not set up yet' }] }));
  expect(standing(b, 'okta.connection.list-200', 'okta-oin', '2026-12-01').status).toBe('known');
  expect(standing(b, 'okta.connection.list-200', 'okta-aiw', '2026-12-01').status).toBe('new');
});

test('a summary.json as baseline knows every check that failed or was blocked in it', () => {
  const earlier = buildSummary(facts, [app('entra.users.lookup.case-insensitive', 'failed'), app('entra.users.update.read-back', 'blocked'), app('entra.users.patch.accepted', 'passed')]);
  const b = loadBaseline(file(earlier));
  expect(b.known.map((k) => k.check).sort()).toEqual(['entra.users.lookup.case-insensitive', 'entra.users.update.read-back']);
});

test('diff: new failures (a fixed check broken again among them) are regressions; fixed and still failing are listed', () => {
  const old = buildSummary(facts, [app('entra.users.lookup.case-insensitive', 'failed'), app('entra.users.patch.accepted', 'passed'), app('entra.users.update.read-back', 'failed')]);
  const now = buildSummary(facts, [app('entra.users.lookup.case-insensitive', 'passed'), app('entra.users.patch.accepted', 'failed'), app('entra.users.update.read-back', 'failed')]);
  const d = diffRuns(old, now);
  expect(d.fixed.map((c) => c.id)).toEqual(['entra.users.lookup.case-insensitive']);
  expect(d.newFailures.map((c) => c.id)).toEqual(['entra.users.patch.accepted']);
  expect(d.regressions.map((c) => c.id)).toEqual(['entra.users.patch.accepted']);
  expect(d.stillFailing.map((c) => c.id)).toEqual(['entra.users.update.read-back']);
  expect(diffRuns(now, now).regressions).toEqual([]);
});

// A provisioning step that fails (a create without an id in its body, or /Users answering 404) is the
// endpoint's failure, never the harness's: the run exits 1 with no internal error and no check in
// error, every step that depends on the failed one is blocked naming it (directly, through a variable
// an earlier step set from it, or through a step whose exchange it reads: the query suite's
// narrowing), and nothing the run created is left behind (clean-up uses the Location header's id).
import fs from 'node:fs';
import path from 'node:path';
import type { CheckApplication } from '../../src/report/outcome';
import { startReferenceServer, type FaultName, type ReferenceServer } from '../../src/server';
import { runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-blocked-5e91';

function applications(run: CliRun): CheckApplication[] {
  const text = fs.readFileSync(path.join(run.reportDir, 'results.ndjson'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CheckApplication);
}

describe.each<[FaultName, RegExp]>([
  // 201 with the user, no "id" in the body (the Location header still names it).
  ['create-no-id', /no "id" in the response/],
  // /Users answers 404 to everything, /users works.
  ['users-endpoint-404', /POST \S+\/Users -> 404/],
])('a run against a server with %s', (fault, failure) => {
  let server: ReferenceServer;
  let before: ReturnType<ReferenceServer['snapshot']>;
  let run: CliRun;
  let apps: CheckApplication[];

  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN, faults: [fault] });
    before = server.snapshot();
    run = await runCli(['--url', `${server.baseUrl}/`, '--token', TOKEN]);
    apps = applications(run);
  }, 120_000);
  afterAll(() => server?.close());

  test('exits 1 (the endpoint failed), with no internal error and no check in error', () => {
    expect({ code: run.code, internalErrors: run.summary?.internalErrors }).toEqual({ code: 1, internalErrors: [] });
    expect(run.summary!.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message ?? ''}`)).toEqual([]);
    expect(apps.filter((a) => a.status === 'error').map((a) => `${a.sequence} › ${a.step}: ${a.reason ?? ''}`)).toEqual([]);
  });

  test('every blocked step names the step that blocked it, in both suites a failed create', () => {
    const blocked = apps.filter((a) => a.status === 'blocked');
    expect(blocked.filter((a) => a.blockedBy === undefined).map((a) => `${a.sequence} › ${a.step}: ${a.reason ?? ''}`)).toEqual([]);
    for (const area of ['entra', 'rfc'] as const) {
      const byCreate = blocked.filter((a) => a.area === area && /^create/.test(a.blockedBy!.step));
      expect({ area, blockedByACreate: byCreate.length > 0 }).toEqual({ area, blockedByACreate: true });
    }
  });

  test('the query suite\'s pages are blocked by the create their narrowing step needed', () => {
    const pages = apps.filter((a) => a.sequence === 'rfc.query' && /^page-/.test(a.step));
    expect(pages.length).toBeGreaterThan(0);
    for (const a of pages) {
      expect({ step: a.step, status: a.status, cause: a.blockedBy?.step }).toEqual({ step: a.step, status: 'blocked', cause: expect.stringMatching(/^create-/) });
      expect(a.reason).toMatch(failure);
    }
    // page-1 needs no id of its own: only the narrowing step's exchange, which was never sent.
    const first = pages.filter((a) => a.step === 'page-1');
    expect(first.length).toBeGreaterThan(0);
    for (const a of first) expect(a.reason).toMatch(/reads step "narrow", which was blocked: needs "\w+Id" from step "create-/);
  });

  test('leaves nothing behind', () => {
    expect(run.summary!.leftovers).toEqual([]);
    expect(server.snapshot()).toEqual(before);
  });
});

// Scale mode in Okta's shapes, end to end against the reference server (small sizes), through the wire
// capture's recording proxy, which gzips its answers as Okta's Accept-Encoding invites: the clean
// server passes in okta-aiw and okta-oin with the planned request mix and zero residue, and every
// request on the wire is Okta's (headers, lookups, create bodies, the import's pages, members pushed
// by PUT or PATCH, deactivation by PUT of what was read or by the path-less PATCH; no user DELETE
// before the harness's clean-up); an import whose pages ignore startIndex and a group PUT that is
// ignored fail the run.
import { isDeepStrictEqual } from 'node:util';
import { oktaDeactivated, planWaves, SCALE_DEFAULTS, type OktaProfile, type ScaleOptions } from '../../src/scale/plan';
import { OKTA_IMPORT_RULES } from '../../src/scale/correctness';
import type { ScaleSummary } from '../../src/scale/report';
import { seen, WireRecorder, type Seen } from '../selftest/wire-capture';
import { OKTA_OIN_DEACTIVATION, OKTA_SHAPES, oktaHeaderProblems } from '../selftest/wire-capture-okta';
import { expectNoToken, residue, scale, TOKEN, withServer } from './scale-cli';

/** Runs scale mode through a recording proxy in front of the reference server. */
async function recorded(faults: Parameters<typeof withServer>[0], args: string[]) {
  return withServer(faults, async (server) => {
    const recorder = new WireRecorder({ gzip: true });
    await recorder.start(server.baseUrl);
    try {
      const ran = await scale(recorder, args);
      // The run starts at Okta's connection probe (O-01); before it, the harness's own reachability and discovery reads.
      const wire = recorder.wire.map((w) => ({ w, r: seen(w) }));
      const start = wire.findIndex(({ r }) => r.method === 'GET' && r.path === '/Users' && r.rawQuery === 'startIndex=1&count=2');
      return { ran, wire: wire.slice(Math.max(0, start)), residue: residue(server, ran.summary.runId) };
    } finally {
      await recorder.stop();
    }
  });
}

const sentByKind = (s: ScaleSummary) => Object.fromEntries(s.kinds.map((k) => [k.kind, k.count]));
const plannedNonZero = (s: ScaleSummary) => Object.fromEntries(Object.entries(s.planned).filter(([, n]) => n > 0));
const waves = (s: ScaleSummary, profile: OktaProfile) => planWaves({ ...SCALE_DEFAULTS, ...s.meta.options, profile } as ScaleOptions);
const tally = (s: ScaleSummary, id: string) => s.correctness.find((c) => c.id === id)?.counts;

/** What every Okta scale run must show on the wire, whatever the profile. */
function oktaWireProblems(wire: Array<{ w: Parameters<typeof oktaHeaderProblems>[0]; r: Seen }>): string[] {
  const problems: string[] = [];
  const line = (r: Seen) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`;
  wire.forEach(({ w, r }) => {
    // §1.3: Okta's headers on every request of the run, the harness's own reads and deletes included.
    for (const p of oktaHeaderProblems(w, { token: TOKEN })) problems.push(`${line(r)}: ${p}`);
    // §1.2: every lookup is filter, startIndex=1, count=100.
    if (r.method === 'GET' && (r.path === '/Users' || r.path === '/Groups') && r.query.some(([k]) => k === 'filter')) {
      const wrong = OKTA_SHAPES[r.path === '/Users' ? 'O-03' : 'O-15']!(r);
      if (wrong) problems.push(`${line(r)}: ${wrong}`);
    }
    if (r.method === 'POST') {
      const wrong = OKTA_SHAPES[r.path === '/Users' ? 'O-04' : 'O-16']!(r);
      if (wrong) problems.push(`${line(r)}: ${wrong}`);
    }
  });
  // §1.1: Okta never deletes a user; the harness's clean-up, the last phase, deletes them all.
  const lastWrite = wire.map(({ r }) => r.method !== 'GET' && !(r.method === 'DELETE' && r.path.startsWith('/Users/'))).lastIndexOf(true);
  const firstUserDelete = wire.findIndex(({ r }) => r.method === 'DELETE' && r.path.startsWith('/Users/'));
  if (firstUserDelete >= 0 && firstUserDelete < lastWrite) problems.push(`a DELETE of a user (${line(wire[firstUserDelete]!.r)}) before Okta's last write: only the clean-up deletes users`);
  return problems;
}

/** §3.2: the import's pages, in order, startIndex 1, 101, 201… with count=100. */
const importPages = (wire: Array<{ r: Seen }>, path: '/Users' | '/Groups') => wire.filter(({ r }) => r.method === 'GET' && r.path === path && /^startIndex=\d+&count=100$/.test(r.rawQuery)).map(({ r }) => r.rawQuery);

describe('scale mode replays Okta', () => {
  test("okta-aiw (--client okta): the push, every import page, GET-then-PUT updates and deactivations; Okta's requests on the wire", async () => {
    const { ran, wire, residue: left } = await recorded([], ['--client', 'okta', '--users', '130', '--groups', '3', '--members-per-group', '10', '--concurrency', '6', '--sample', '20']);
    const s = ran.summary;
    expect({ code: ran.code, profile: s.profile, reasons: s.reasons }).toEqual({ code: 0, profile: 'okta-aiw', reasons: [] });
    expect(sentByKind(s)).toEqual(plannedNonZero(s));
    expect(sentByKind(s)).toMatchObject({ probe: 1, 'group.read-before-push': 3, 'group.add-members': 3, 'user.import': 2, 'group.import': 1 });
    expect(s.kinds.map((k) => k.kind)).not.toContain('user.delete');
    // Okta's defaults: no rate, which Okta does not document.
    expect(s.thresholds.map((t) => t.text)).toEqual(['errors<0.1%', 'max<60s']);
    expect(tally(s, OKTA_IMPORT_RULES.Users.id)).toMatchObject({ passed: 130, failed: 0, blocked: 0 });
    expect(tally(s, OKTA_IMPORT_RULES.Groups.id)).toMatchObject({ passed: 3, failed: 0, blocked: 0 });
    expect(tally(s, 'rfc7644.get.by-id')).toMatchObject({ passed: 23, failed: 0, blocked: 0 });
    expect(left).toEqual([]);
    expectNoToken(ran);

    expect(oktaWireProblems(wire)).toEqual([]);
    expect(wire[0]!.r).toMatchObject({ method: 'GET', path: '/Users', rawQuery: 'startIndex=1&count=2' }); // O-01
    expect(importPages(wire, '/Users')).toEqual(['startIndex=1&count=100', 'startIndex=101&count=100']);
    expect(importPages(wire, '/Groups')).toEqual(['startIndex=1&count=100']);
    // §3.8: each group read (O-17), then PUT with its whole member list (O-20); no PATCH anywhere.
    const groupPuts = wire.filter(({ r }) => r.method === 'PUT' && r.path.startsWith('/Groups/'));
    expect(groupPuts.map(({ r }) => [OKTA_SHAPES['O-20']!(r), r.body!['members'].length])).toEqual([
      [undefined, 10],
      [undefined, 10],
      [undefined, 10],
    ]);
    for (const { r } of groupPuts) expect(wire.slice(0, wire.findIndex((x) => x.r === r)).some((x) => x.r.method === 'GET' && x.r.path === r.path && x.r.rawQuery === '')).toBe(true);
    expect(wire.filter(({ r }) => r.method === 'PATCH')).toEqual([]);
    // §3.4, §3.5: every PUT of a user follows a GET of it and carries what it read (id, meta); deactivations set active false.
    const w = waves(s, 'okta-aiw');
    const userPuts = wire.filter(({ r }) => r.method === 'PUT' && r.path.startsWith('/Users/')).map(({ r }) => r);
    expect(userPuts).toHaveLength(w.updated.length + oktaDeactivated(w).length);
    for (const r of userPuts) {
      expect({ path: r.path, id: r.body!['id'], meta: typeof r.body!['meta'] }).toEqual({ path: r.path, id: decodeURIComponent(r.path.slice('/Users/'.length)), meta: 'object' });
      expect(OKTA_SHAPES[r.body!['active'] === false ? 'O-09' : 'O-07']!(r)).toBeUndefined();
    }
    expect(userPuts.filter((r) => r.body!['active'] === false)).toHaveLength(oktaDeactivated(w).length);
    expect(userPuts.filter((r) => r.body!['name']?.['middleName'] === 'Quinn' && r.body!['active'] === true)).toHaveLength(w.updated.length);
  });

  test('okta-oin (--profile okta-oin): members added by PATCH in batches, deactivation by the path-less PATCH', async () => {
    const { ran, wire, residue: left } = await recorded([], ['--profile', 'okta-oin', '--users', '120', '--groups', '2', '--members-per-group', '12', '--member-batch', '5', '--sample', '10']);
    const s = ran.summary;
    expect({ code: ran.code, profile: s.profile, reasons: s.reasons }).toEqual({ code: 0, profile: 'okta-oin', reasons: [] });
    expect(sentByKind(s)).toEqual(plannedNonZero(s));
    expect(sentByKind(s)).toMatchObject({ 'group.add-members': 6, 'user.import': 2 });
    expect(s.kinds.map((k) => k.kind)).not.toContain('group.read-before-push');
    expect(left).toEqual([]);
    expect(oktaWireProblems(wire)).toEqual([]);
    const groupPatches = wire.filter(({ r }) => r.method === 'PATCH' && r.path.startsWith('/Groups/')).map(({ r }) => r);
    expect(groupPatches.map((r) => [OKTA_SHAPES['O-21']!(r), r.body!['Operations'][0].value.length]).sort()).toEqual([
      [undefined, 2],
      [undefined, 2],
      [undefined, 5],
      [undefined, 5],
      [undefined, 5],
      [undefined, 5],
    ]);
    expect(wire.filter(({ r }) => r.method === 'PUT' && r.path.startsWith('/Groups/'))).toEqual([]);
    const w = waves(s, 'okta-oin');
    const userPatches = wire.filter(({ r }) => r.method === 'PATCH' && r.path.startsWith('/Users/')).map(({ r }) => r.body);
    expect(userPatches).toHaveLength(oktaDeactivated(w).length);
    for (const body of userPatches) expect(isDeepStrictEqual(body, OKTA_OIN_DEACTIVATION)).toBe(true);
    // Profile updates are PUTs in okta-oin too (the protocol reference; okta-requests.md §2).
    expect(wire.filter(({ r }) => r.method === 'PUT' && r.path.startsWith('/Users/'))).toHaveLength(w.updated.length);
  });

  test('an import whose pages ignore startIndex, and a group PUT that is ignored, fail the run (exit 1) and it still cleans up', async () => {
    await withServer(['start-index-ignored', 'group-put-ignored'], async (server) => {
      const ran = await scale(server, ['--client', 'okta', '--users', '150', '--groups', '2', '--members-per-group', '5', '--sample', '10']);
      const s = ran.summary;
      expect(ran.code).toBe(1);
      // Pages 1 and 2 both hold the first 100 users; the other 50 are on none.
      expect(tally(s, OKTA_IMPORT_RULES.Users.id)).toMatchObject({ passed: 0, failed: 150 });
      expect(s.correctness.find((c) => c.id === OKTA_IMPORT_RULES.Users.id)!.failures[0]).toMatchObject({ received: 'on pages 1, 2' });
      expect(tally(s, 'rfc7644.get.by-id')).toMatchObject({ failed: 2 });
      expect(s.reasons).toEqual([expect.stringMatching(/^correctness under load: scale\.okta\.import\.every-user-once failed for 150 of 150 judged$/), expect.stringMatching(/^correctness under load: rfc7644\.get\.by-id failed for 2 of 12 judged$/)]);
      expect(residue(server, s.runId)).toEqual([]);
    });
  });

  test('one client per run; the Artillery export is Entra only', async () => {
    await withServer([], async (server) => {
      for (const [args, message] of [
        [['--client', 'all', '--users', '5'], /scale replays one client's traffic: choose --client entra or --client okta/],
        [['--client', 'okta', '--profile', 'okta-aiw,okta-oin', '--users', '5'], /one request-shape profile/],
        [['--client', 'okta', '--users', '5', '--export-artillery', 'art'], /--export-artillery replays Entra's cycle only, not Okta's \(profile okta-aiw\)/],
      ] as const) {
        const bad = await scale(server, [...args]);
        expect({ code: bad.code, message: message.test(bad.output) }).toEqual({ code: 2, message: true });
      }
    });
  });
});

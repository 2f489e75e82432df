// The property runner against the embedded reference server: a clean server passes and is left as
// found; a fault yields a shrunk counterexample with its curl chain and replay flags; the same seed
// gives the same counterexample, and the replay path re-runs exactly that case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';
import { directoryAgrees } from '../../src/model/directory';
import { badBodies4xx } from '../../src/model/bad-requests';
import { groupLookupEscaped, roundTrip } from '../../src/model/properties';
import { deriveSeed, formatReplayPath, parseReplayPath, runProperty, type PropertySpec, type RunOptions } from '../../src/model/runner';
import type { Profile } from '../../src/profiles';
import { Journal } from '../../src/sequences/journal';
import { startReferenceServer, type FaultName } from '../../src/server';

const TOKEN = 'model-test-token-5b1e';

/** Each request answered after a random pause of up to `maxMs`: a loaded machine or a jittery network. */
function jittery(client: ScimClient, maxMs: number): ScimClient {
  return Object.create(client, { send: { value: async (req: Parameters<ScimClient['send']>[0]) => (await new Promise((r) => setTimeout(r, Math.random() * maxMs)), client.send(req)) } }) as ScimClient;
}

async function withRun<T>(faults: FaultName[], fn: (run: (spec: PropertySpec<any, any>, profile: Profile, options: RunOptions, jitterMs?: number) => ReturnType<typeof runProperty>, journal: Journal) => Promise<T>): Promise<{ result: T; clean: boolean }> {
  const server = await startReferenceServer({ token: TOKEN, faults });
  const before = server.snapshot();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-model-test-'));
  const journal = new Journal(runDir);
  const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
  try {
    const result = await fn((spec, profile, options, jitterMs) => runProperty(spec, { client: jitterMs ? jittery(client, jitterMs) : client, journal, runId: 'test01', profile }, options), journal);
    return { result, clean: JSON.stringify(server.snapshot()) === JSON.stringify(before) && journal.outstanding().length === 0 };
  } finally {
    await server.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

describe('replay paths and seeds', () => {
  test('a replay path round-trips and names check, profile, path and command replay path', () => {
    const t = parseReplayPath('properties.directory.model-agrees@entra-flag:3:0:1#DDI:F')!;
    expect(t).toEqual({ checkId: 'properties.directory.model-agrees', profile: 'entra-flag', path: '3:0:1', commands: 'DDI:F' });
    expect(formatReplayPath(t)).toBe('properties.directory.model-agrees@entra-flag:3:0:1#DDI:F');
    expect(parseReplayPath(undefined)).toBeUndefined();
    expect(() => parseReplayPath('properties.users.round-trip@nope:1')).toThrow(/not of the form/);
    expect(() => parseReplayPath('properties.users.round-trip')).toThrow(/not of the form/);
  });

  test('each property and profile has its own seed, derived from the run seed', () => {
    expect(deriveSeed(42, 'a', 'entra')).toBe(deriveSeed(42, 'a', 'entra'));
    expect(new Set([deriveSeed(42, 'a', 'entra'), deriveSeed(42, 'a', 'entra-flag'), deriveSeed(42, 'b', 'entra'), deriveSeed(43, 'a', 'entra')]).size).toBe(4);
    expect(Number.isInteger(deriveSeed(-5, 'a', 'entra'))).toBe(true);
  });
});

describe('against a clean server', () => {
  test('properties pass and leave the endpoint exactly as they found it', async () => {
    const { result, clean } = await withRun([], async (run) => {
      const outcomes = [];
      for (const spec of [roundTrip, groupLookupEscaped, badBodies4xx, directoryAgrees]) for (const profile of ['entra', 'entra-flag'] as const) outcomes.push(await run(spec, profile, { runSeed: 1 }));
      return outcomes;
    });
    expect(result.map((o) => o.app.status)).toEqual(Array(8).fill('passed'));
    expect(result.every((o) => o.requests > 0)).toBe(true);
    expect(clean).toBe(true);
  }, 30_000);
});

describe('against a faulty server', () => {
  test('a failure is shrunk to one user with the one offending value, with curl chain and replay flags', async () => {
    const { result: out, clean } = await withRun(['user-non-ascii-500'], (run) => run(roundTrip, 'entra', { runSeed: 7 }));
    expect(out.app.status).toBe('failed');
    expect(out.app.reason).toMatch(/^Counterexample \(seed 7, path [\d:]+, found after \d+ case\(s\), \d+ shrink\(s\)\):/);
    // One user; besides userName only one offending value (name.formatted follows a name part).
    const shown = out.counterexample!;
    expect(shown).toMatch(/^POST \/Users for userName "[^"]+"/);
    const values = [...shown.matchAll(/, ([\w.:\[\]" -]+?) ("[^"]*")/g)].filter(([, attr]) => attr !== 'name.formatted');
    expect(values).toHaveLength(1);
    expect(values[0]![2]).toMatch(/[^\x00-\x7f]/);
    expect(out.app.received).toMatch(/^HTTP 500/);
    expect(out.app.curl).toContain('"Authorization: Bearer $SCIM_TOKEN"');
    expect(out.app.curl).not.toContain(TOKEN);
    expect(out.app.replay).toMatch(/^--seed 7 --runs 8 --profile entra --replay-path 'properties\.users\.round-trip@entra:[\d:]+'$/);
    expect(clean).toBe(true); // cases are deleted also while shrinking
  }, 30_000);

  test('the same seed gives the same counterexample, and its replay path re-runs exactly that case', async () => {
    const { result } = await withRun(['filter-escapes-unsupported'], async (run) => {
      const first = await run(groupLookupEscaped, 'entra-flag', { runSeed: 99 });
      const second = await run(groupLookupEscaped, 'entra-flag', { runSeed: 99 });
      const replay = parseReplayPath(/--replay-path '([^']+)'/.exec(first.app.replay!)![1]);
      const replayed = await run(groupLookupEscaped, 'entra-flag', { runSeed: 99, ...(replay ? { replay } : {}) });
      return { first, second, replayed };
    });
    expect(result.first.app.status).toBe('failed');
    expect(result.second.counterexample).toBe(result.first.counterexample);
    expect(result.second.app.replay).toBe(result.first.app.replay);
    expect(result.replayed.counterexample).toBe(result.first.counterexample);
    expect(result.replayed.app.reason).toContain('replayed from its path');
    expect(result.first.counterexample).toMatch(/displayName "[^"]*(\\"|\\\\)[^"]*"/);
  }, 30_000);

  test('the model-based run prints a minimal counterexample as an HTTP log, and replays it exactly', async () => {
    const { result, clean } = await withRun(['group-rename-drops-members'], async (run) => {
      const first = await run(directoryAgrees, 'entra', { runSeed: 3 });
      const replay = parseReplayPath(/--replay-path '([^']+)'/.exec(first.app.replay!)![1])!;
      const replayed = await run(directoryAgrees, 'entra', { runSeed: 3, replay });
      return { first, replay, replayed };
    });
    expect(result.first.app.status).toBe('failed');
    expect(result.replay.commands).toBeDefined();
    const log = result.first.counterexample!.split('\n');
    expect(log).toEqual([
      expect.stringMatching(/^GET \/Users\?filter=userName eq \{u1\}; POST \/Users \{u1\} userName "/),
      expect.stringMatching(/^GET \/Groups\?excludedAttributes=members&filter=displayName eq \{g1\}; POST \/Groups \{g1\}/),
      'PATCH /Groups/{g1} Add members {u1}',
      expect.stringMatching(/^PATCH \/Groups\/\{g1\} Replace displayName "/),
    ]);
    expect(result.first.app.expected).toContain('members: {u1}');
    expect(result.first.app.received).toBe('members: none');
    expect(result.replayed.counterexample).toBe(result.first.counterexample);
    expect(clean).toBe(true);
  }, 30_000);
});

describe('shrinking is bounded by requests, not time', () => {
  // Under a 3 s shrink budget the same seed sent 1,292 / 1,405 / 1,835 requests in three runs, and a
  // slow run reported a bigger counterexample; lanes stopped by another lane's failure added to it.
  test('the same seed sends the same requests and ends at the same counterexample, however slow the answers', async () => {
    const { result, clean } = await withRun(['user-non-ascii-500'], async (run) => {
      const options = { runSeed: 11, runs: 16 };
      const fast = await run(roundTrip, 'entra', options);
      const slow = await run(roundTrip, 'entra', options, 40);
      return { fast, slow };
    });
    expect(result.fast.app.status).toBe('failed');
    expect(result.slow.requests).toBe(result.fast.requests);
    expect(result.slow.counterexample).toBe(result.fast.counterexample);
    expect(result.slow.app.reason).toBe(result.fast.app.reason);
    expect(result.slow.app.replay).toBe(result.fast.app.replay);
    expect(clean).toBe(true);
  }, 60_000);

  test('a shrink cut short by its budget says so, and is cut at the same case every time', async () => {
    const { result } = await withRun(['group-rename-drops-members'], async (run) => {
      const options = { runSeed: 3, shrinkBudget: 60 };
      return [await run(directoryAgrees, 'entra', options), await run(directoryAgrees, 'entra', options, 10)];
    });
    const [a, b] = result;
    expect(a!.app.status).toBe('failed');
    expect(a!.app.reason).toMatch(/shrinking stopped after \d+ case\(s\) and \d+ requests \(its budget\), a smaller case may exist/);
    expect(b!.requests).toBe(a!.requests);
    expect(b!.counterexample).toBe(a!.counterexample);
    // The cut shrink is still a replayable counterexample.
    expect(a!.app.replay).toMatch(/--replay-path 'properties\.directory\.model-agrees@entra:[\d:]+#[A-Za-z0-9+/]*:[A-Za-z0-9+/]*'$/);
  }, 60_000);
});

// --concurrency and --max-rps hold for the whole run, as the endpoint sees it; and concurrency does
// not change the verdicts: --concurrency 1 and the default give the same summary.
import fs from 'node:fs';
import path from 'node:path';
import { startDelayProxy } from '../../bench/delay-proxy';
import { RunLimiter } from '../../src/runner/limiter';
import { startReferenceServer } from '../../src/server';
import { runCli } from './cli';
import { normaliseRun } from './normalise';

const TOKEN = 'selftest-Secret-concurrency-7c1d';

test('a full run through a counting proxy never has more than N requests in flight nor R in any one second', async () => {
  const server = await startReferenceServer({ token: TOKEN });
  // A little latency, so that requests overlap and the bounds are actually tested.
  const proxy = await startDelayProxy(server.baseUrl, 5);
  try {
    const run = await runCli(['--url', proxy.baseUrl, '--token', TOKEN, '--concurrency', '3', '--max-rps', '120']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const seen = proxy.stats();
    // Every request of the run passed the proxy: the CLI's own, every suite's, the clean-up.
    expect(seen.requests).toBe(run.summary!.timing!.attempts);
    expect(seen.requests).toBeGreaterThan(500);
    expect(seen.maxInFlight).toBeLessThanOrEqual(3);
    expect(seen.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(seen.maxPerSecond).toBeLessThanOrEqual(120);
    expect(run.summary!.timing).toMatchObject({ concurrency: 3, maxRps: 120 });
    expect(run.summary!.timing!.maxInFlight).toBeLessThanOrEqual(3);
  } finally {
    await proxy.close();
    await server.close();
  }
}, 180_000);

test('--concurrency 1 and the default concurrency give the same summary, apart from times and ids', async () => {
  const [one, dflt] = await Promise.all([runCli(['--token', TOKEN, '--concurrency', '1']), runCli(['--token', TOKEN])]);
  for (const run of [one, dflt]) expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
  expect(one.summary!.timing!.maxInFlight).toBe(1);
  expect(dflt.summary!.timing!.maxInFlight).toBeGreaterThan(1);
  const results = (dir: string) => fs.readFileSync(path.join(dir, 'results.ndjson'), 'utf8');
  expect(normaliseRun(dflt.summary!, results(dflt.reportDir))).toBe(normaliseRun(one.summary!, results(one.reportDir)));
}, 180_000);

describe('the run limiter', () => {
  test('holds N in flight and R starts per window, in arrival order', async () => {
    let now = 0;
    const limiter = new RunLimiter({ concurrency: 2, maxRps: 3, now: () => now });
    const order: number[] = [];
    const tickets = [0, 1, 2, 3].map((i) => limiter.acquire({ method: 'GET', path: `/Users/${i}` }).then((t) => (order.push(i), t)));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]); // two in flight
    (await tickets[0]!).release();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]); // a slot, and the third start of the window
    (await tickets[1]!).release();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]); // a slot, but three started within the window
    now = 1100; // a second after the first two ended
    await new Promise((r) => setTimeout(r, 1100)); // the limiter's timer (set for the end of the window) wakes the waiter
    expect(order).toEqual([0, 1, 2, 3]);
    (await tickets[2]!).release();
    (await tickets[3]!).release();
    const t = limiter.timing();
    expect(t).toMatchObject({ requests: 4, maxInFlight: 2, maxPerWindow: 3, maxPerSecond: 3 });
    expect(t.slowest[0]!.path).toBe('/Users/{id}');
  });
});

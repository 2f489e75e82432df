// Reproduction chains are safe to paste whatever ids the endpoint returns: an id equal to the port,
// ids with quotes, command substitutions, spaces, newlines and "../" are captured into their own
// quoted variables, substituted only as whole path segments and JSON values, and every request the
// chain sends goes to the target's origin and base path. Run in bash against local listeners.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScimClient } from '../../src/http/client';
import { toRunnableCurlChain, type ChainStep } from '../../src/http/curl';
import { Redactor } from '../../src/http/redact';

const TOKEN = 'hostile-chain-token-0b7e';

interface Listener {
  port: number;
  seen: Array<{ method: string; url: string }>;
  nextIds: string[];
  close(): void;
}

/** Answers POST with the next id of its queue, everything else with 200 {}; records every request. */
async function listen(): Promise<Listener> {
  const l = { seen: [] as Listener['seen'], nextIds: [] as string[] };
  const server = http.createServer((req, res) => {
    l.seen.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/scim+json' });
      res.end(JSON.stringify(req.method === 'POST' ? { id: l.nextIds.shift() ?? 'no-id-left' } : {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { ...l, port: (server.address() as AddressInfo).port, close: () => (server.closeAllConnections(), server.close()) };
}

describe('runnable curl chains with hostile ids', () => {
  let target: Listener;
  let trap: Listener;
  let marker: string;
  beforeAll(async () => {
    target = await listen();
    trap = await listen();
    marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-chain-')), 'pwned');
  });
  afterAll(() => {
    target.close();
    trap.close();
  });

  test('no request leaves the target origin, nothing is executed, no variable is assigned twice', async () => {
    const hostile = [String(target.port), `o'brien`, `$(touch ${marker})`, '`touch ' + marker + '`', 'a b', 'x\ny', '../../evil', String(trap.port)];
    const client = new ScimClient({ baseUrl: `http://127.0.0.1:${target.port}/scim/v2`, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
    // The run: every create answers a hostile id; two "cases" both name their user "user1".
    target.nextIds.push(...hostile);
    const steps: ChainStep[] = [];
    for (const _ of hostile) {
      const create = await client.send({ method: 'POST', path: '/Users', body: { userName: 'scimc-x-u' }, label: 'create' });
      const id = (create.response!.json as { id: string }).id;
      steps.push({ exchange: create, captures: { user1: id }, creates: true });
      const p = `/Users/${encodeURIComponent(id)}`;
      steps.push({ exchange: await client.send({ method: 'PATCH', path: p, body: { Operations: [{ op: 'add', path: 'manager', value: { value: id } }] }, label: 'patch' }) });
      steps.push({ exchange: await client.send({ method: 'GET', path: p, label: 'get' }) });
    }
    const script = toRunnableCurlChain(steps);
    expect(script).not.toContain(TOKEN);
    const assigned = script.split('\n').map((l) => /^(\w+)=/.exec(l)?.[1]).filter((n) => n !== undefined);
    expect(new Set(assigned).size).toBe(hostile.length);
    expect(script).toContain(`http://127.0.0.1:${target.port}/scim/v2/Users`); // the port stays literal

    // Pasted later: the endpoint now answers ids that name the trap's port, or carry shell code.
    target.seen.length = 0;
    target.nextIds.push(String(trap.port), ...hostile.slice(1).reverse());
    await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, SCIM_TOKEN: TOKEN }, encoding: 'utf8', timeout: 30_000 });
    expect(trap.seen).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(target.seen.length).toBeGreaterThanOrEqual(hostile.length * 4); // create, patch, get, clean-up
    for (const r of target.seen) expect(r.url.startsWith('/scim/v2/Users')).toBe(true);
    // The clean-up lines delete what the chain created, by its variables (the chain reads ids out of
    // the JSON text without unescaping it: "x\ny" stays as its JSON escape).
    const deletes = target.seen.filter((r) => r.method === 'DELETE').map((r) => decodeURIComponent(r.url.slice('/scim/v2/Users/'.length)));
    expect(deletes.sort()).toEqual([String(trap.port), ...hostile.slice(1)].map((id) => id.replace('\n', '\\n')).sort());
  });
});

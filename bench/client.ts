// CPU per request of the conformance client (ScimClient) next to a bare node:http keep-alive client, both
// sending the same Entra-shaped mix to the reference server with the same number in flight. The server runs
// in a child process, so this process's CPU is the client's alone; the server's CPU is read from the child
// around each batch and printed beside it. Traffic stays on 127.0.0.1.
//   npm run bench:client [-- [runs] [--users N] [--concurrency N] [--only bare|scim]]
// Defaults: 5 runs (after one warm-up of each), 300 users x 5 requests = 1,500 requests, 24 in flight.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ScimClient, SCIM_BODY_CONTENT_TYPE, type RequestGate, type ScimRequest } from '../src/http/client';
import { filterString, formQuery } from '../src/http/encode';
import { Redactor } from '../src/http/redact';

const TOKEN = 'bench-client-token-7f3c2a91-5d4e-4b8a-9c61-0e2f3a4b5c6d';
const SERVE = '--serve';

type Mode = 'bare' | 'scim';
interface Args {
  runs: number;
  users: number;
  concurrency: number;
  only?: Mode;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 5, users: 300, concurrency: 24 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--users') args.users = Number(argv[++i]);
    else if (a === '--concurrency') args.concurrency = Number(argv[++i]);
    else if (a === '--only') args.only = argv[++i] as Mode;
    else args.runs = Number(a);
  }
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(args.runs, 50) || !whole(args.users, 10_000) || !whole(args.concurrency, 256) || (args.only !== undefined && args.only !== 'bare' && args.only !== 'scim')) {
    process.stderr.write('usage: npm run bench:client -- [runs 1-50] [--users N] [--concurrency N] [--only bare|scim]\n');
    process.exit(2);
  }
  return args;
}

// ---- the server, in a child process -------------------------------------------------------------

type ToServer = 'cpu' | 'stop';
type FromServer = { baseUrl: string } | { cpuMs: number };

async function serve(): Promise<void> {
  const { startReferenceServer } = await import('../src/server');
  const server = await startReferenceServer({ token: TOKEN });
  process.on('message', (m: ToServer) => {
    if (m === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ cpuMs: (c.user + c.system) / 1000 } satisfies FromServer);
    } else void server.close().then(() => process.exit(0));
  });
  process.send!({ baseUrl: server.baseUrl } satisfies FromServer);
}

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static start(): Promise<ServerProcess> {
    const child = fork(path.join(__dirname, '..', 'bin', 'run-ts.js'), [path.relative(process.cwd(), __filename), SERVE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
      child.once('message', (m: FromServer) => resolve(new ServerProcess(child, (m as { baseUrl: string }).baseUrl)));
    });
  }

  cpuMs(): Promise<number> {
    return new Promise((resolve) => {
      this.child.once('message', (m: FromServer) => resolve((m as { cpuMs: number }).cpuMs));
      this.child.send('cpu' satisfies ToServer);
    });
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    this.child.send('stop' satisfies ToServer);
  }
}

// ---- the workload: Entra's provisioning of one user, five requests --------------------------------

interface Step {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Array<[string, string]>;
  body?: unknown;
  label: string;
}

/** The five requests for user `i` of batch `batch`; `id` is what the create answered. */
function steps(batch: string, i: number): Array<(id: string) => Step> {
  const userName = `bench.${batch}.${i}@contoso.test`;
  const externalId = `${batch}-${i}`;
  return [
    () => ({ method: 'GET', path: '/Users', query: [['filter', `userName eq ${filterString(userName)}`]], label: 'lookup' }),
    () => ({
      method: 'POST',
      path: '/Users',
      label: 'create',
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        externalId,
        userName,
        active: true,
        displayName: `Bench User ${i}`,
        emails: [{ primary: true, type: 'work', value: userName }],
        meta: { resourceType: 'User' },
        name: { familyName: `User${i}`, givenName: 'Bench' },
        title: 'scim tester',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Bench', employeeNumber: String(100000 + i) },
      },
    }),
    (id) => ({ method: 'GET', path: `/Users/${id}`, label: 'get' }),
    (id) => ({
      method: 'PATCH',
      path: `/Users/${id}`,
      label: 'update',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'title', value: 'tester' },
          { op: 'Add', path: 'emails[type eq "work"].value', value: `moved.${userName}` },
        ],
      },
    }),
    (id) => ({ method: 'DELETE', path: `/Users/${id}`, label: 'delete' }),
  ];
}

/** Sends one step, returns the created id for a POST ('' otherwise); throws on an unexpected status. */
type Sender = (step: Step) => Promise<string>;

const EXPECTED: Record<Step['method'], number> = { GET: 200, POST: 201, PATCH: 200, DELETE: 204 };

function check(step: Step, status: number): void {
  if (status !== EXPECTED[step.method]) throw new Error(`${step.method} ${step.path} (${step.label}) answered ${status}`);
}

function bareSender(baseUrl: string): { send: Sender; close(): void } {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true });
  const send: Sender = (step) =>
    new Promise((resolve, reject) => {
      const body = step.body === undefined ? undefined : JSON.stringify(step.body);
      const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
      if (body !== undefined) {
        headers['Content-Type'] = SCIM_BODY_CONTENT_TYPE;
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const query = step.query ? `?${formQuery(step.query)}` : '';
      const req = http.request({ host: base.hostname, port: base.port, method: step.method, path: `${base.pathname}${step.path}${query}`, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            check(step, res.statusCode!);
            resolve(step.method === 'POST' ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id : '');
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** What the suites' limiter costs at the least: a slot is always free. */
const freeGate: RequestGate = { acquire: () => Promise.resolve({ release() {} }) };

function scimSender(baseUrl: string, stopFile: string): { send: Sender; client: ScimClient } {
  let exchanges = 0;
  // Options as the suites set them (src/runner/suite-env.ts), with a gate that never waits.
  const client = new ScimClient({
    baseUrl,
    token: TOKEN,
    timeoutMs: 30_000,
    redactor: new Redactor([TOKEN]),
    deadlineAt: Date.now() + 3_600_000,
    stopFile,
    onExchange: () => void exchanges++,
    gate: freeGate,
  });
  const send: Sender = async (step) => {
    const ex = await client.send({ ...step, chain: step.label } as ScimRequest);
    if (!ex.response) throw new Error(`${step.method} ${step.path}: ${ex.error?.code} ${ex.error?.message}`);
    check(step, ex.response.status);
    return step.method === 'POST' ? (ex.response.json as { id: string }).id : '';
  };
  return { send, client };
}

/** All users' steps, `concurrency` users in flight, each user's steps in order. */
async function batch(send: Sender, name: string, users: number, concurrency: number): Promise<number> {
  let next = 0;
  let requests = 0;
  const lane = async () => {
    while (next < users) {
      const i = next++;
      let id = '';
      for (const make of steps(name, i)) {
        const got = await send(make(id));
        if (got !== '') id = got;
        requests++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return requests;
}

interface Measure {
  requests: number;
  clientMs: number;
  serverMs: number;
  wallMs: number;
}

async function measure(server: ServerProcess, send: Sender, name: string, args: Args): Promise<Measure> {
  const server0 = await server.cpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const requests = await batch(send, name, args.users, args.concurrency);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const serverMs = (await server.cpuMs()) - server0;
  return { requests, clientMs: (cpu.user + cpu.system) / 1000, serverMs, wallMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const perRequest = (ms: number, requests: number) => (ms / requests).toFixed(3);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await ServerProcess.start();
  const stopDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-client-'));
  const bare = bareSender(server.baseUrl);
  const scim = scimSender(server.baseUrl, path.join(stopDir, 'stop')); // never created: the check costs what it costs in a run
  const modes: Mode[] = args.only ? [args.only] : ['bare', 'scim'];
  const senders: Record<Mode, Sender> = { bare: bare.send, scim: scim.send };
  const results: Record<Mode, Measure[]> = { bare: [], scim: [] };
  const load0 = os.loadavg()[0]!;
  try {
    for (const mode of modes) await batch(senders[mode], `warm-${mode}`, args.users, args.concurrency);
    for (let run = 0; run < args.runs; run++) {
      // Alternating order, so a drift in the machine's load falls on both alike.
      for (const mode of run % 2 === 0 ? modes : [...modes].reverse()) {
        const m = await measure(server, senders[mode], `r${run}-${mode}`, args);
        results[mode].push(m);
        process.stdout.write(
          `run ${run + 1} ${mode.padEnd(4)}: ${m.requests} requests, client ${perRequest(m.clientMs, m.requests)} ms CPU/request, server ${perRequest(m.serverMs, m.requests)}, wall ${Math.round(m.wallMs)} ms\n`,
        );
      }
    }
  } finally {
    bare.close();
    server.stop();
    fs.rmSync(stopDir, { recursive: true, force: true });
  }
  const load1 = os.loadavg()[0]!;
  process.stdout.write(`\nmedian of ${args.runs} runs, ${args.users * 5} requests each, ${args.concurrency} in flight; load average ${load0.toFixed(2)} -> ${load1.toFixed(2)} on ${os.cpus().length} cores\n`);
  process.stdout.write('client    client CPU/request   server CPU/request   both     wall\n');
  const med: Partial<Record<Mode, number>> = {};
  for (const mode of modes) {
    const ms = results[mode];
    const requests = ms[0]!.requests;
    med[mode] = median(ms.map((m) => m.clientMs)) / requests;
    process.stdout.write(
      `${mode.padEnd(9)} ${perRequest(median(ms.map((m) => m.clientMs)), requests).padStart(10)} ms ${perRequest(median(ms.map((m) => m.serverMs)), requests).padStart(17)} ms ${perRequest(median(ms.map((m) => m.clientMs + m.serverMs)), requests).padStart(8)} ms ${String(Math.round(median(ms.map((m) => m.wallMs)))).padStart(6)} ms\n`,
    );
  }
  if (med.bare !== undefined && med.scim !== undefined) {
    const both = (mode: Mode) => median(results[mode].map((m) => m.clientMs + m.serverMs));
    process.stdout.write(`ScimClient / bare: ${(med.scim / med.bare).toFixed(2)}x client CPU alone, ${(both('scim') / both('bare')).toFixed(2)}x with the server's CPU\n`);
  }
}

if (process.argv[2] === SERVE) void serve();
else
  main().catch((err: unknown) => {
    process.stderr.write(`bench:client failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });

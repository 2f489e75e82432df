// Runs `scim-conformance scale` in-process against a server on 127.0.0.1 and reads what it wrote:
// the helpers of scale mode's end-to-end tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scaleMain } from '../../src/scale/cli';
import type { ScaleSummary } from '../../src/scale/report';
import { startReferenceServer, type FaultName, type ReferenceServer } from '../../src/server';

export const TOKEN = 'scale-Secret-token-5d1e';

export interface Ran {
  code: number;
  output: string;
  summary: ScaleSummary;
  dir: string;
}

export async function scale(server: { baseUrl: string }, args: string[]): Promise<Ran> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-test-'));
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), isTTY: false };
  const code = await scaleMain(['--url', server.baseUrl, '--report-dir', dir, ...args], { SCIM_TOKEN: TOKEN }, dir, io);
  const file = path.join(dir, 'scale-summary.json');
  const summary = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ScaleSummary) : (undefined as unknown as ScaleSummary);
  return { code, output: lines.join('\n'), summary, dir };
}

/** The run's users and groups still on the server. */
export function residue(server: ReferenceServer, runId: string): string[] {
  const snap = server.snapshot() as { users: Array<{ userName: string }>; groups: Array<{ displayName: string }> };
  return [...snap.users.map((u) => u.userName), ...snap.groups.map((g) => g.displayName)].filter((n) => n.startsWith(`scimc-${runId}-`));
}

export function expectNoToken(ran: Ran): void {
  expect(ran.output).not.toContain(TOKEN);
  for (const f of fs.readdirSync(ran.dir)) expect({ f, leaked: fs.readFileSync(path.join(ran.dir, f), 'utf8').includes(TOKEN) }).toEqual({ f, leaked: false });
}

export async function withServer<T>(faults: FaultName[], fn: (s: ReferenceServer) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ token: TOKEN, faults });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

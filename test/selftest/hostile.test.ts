// A broken endpoint (truncated JSON, HTML pages, resets, silence) yields failed checks with clear
// messages and a report, never a crash of the harness.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from './cli';

const TOKEN = 'hostile-selftest-token-93c1';

/** Entra's Test Connection: a userName filter on a random GUID. */
const TEST_CONNECTION = /\/Users\?filter=userName(\+|%20)eq(\+|%20)%22[0-9a-f]{8}-[0-9a-f]{4}-/;

/** @param answersTestConnection whether Test Connection gets a correct empty list (else it is truncated like every lookup) */
function hostileServer(answersTestConnection: boolean): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (answersTestConnection && req.method === 'GET' && TEST_CONNECTION.test(url)) {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      res.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}');
    } else if (req.method === 'GET' && url.includes('/Users?filter=')) {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      res.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalRes'); // truncated
    } else if (req.method === 'POST') {
      res.writeHead(201, { 'Content-Type': 'text/html' });
      res.end(`<html><body>Created (token was ${TOKEN})</body></html>`); // and it echoes the token
    } else if (req.method === 'DELETE') {
      req.socket.destroy(); // connection reset
    } else if (url.includes('/Groups?')) {
      // silence: never answers; the per-request timeout must end it
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a hostile endpoint gets failed checks with reasons, a report, and no leaked token', async () => {
  const server = await hostileServer(true);
  const { port } = server.address() as AddressInfo;
  try {
    const run = await runCli(['--url', `http://127.0.0.1:${port}/scim`, '--token', TOKEN, '--timeout', '300']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(1);
    const failed = run.summary!.checks.filter((c) => c.status === 'failed');
    const messages = failed.map((c) => c.message ?? '').join('\n');
    expect(messages).toMatch(/unparsable body/);
    expect(messages).toMatch(/no response: TIMEOUT no complete response within 300 ms/);
    expect(run.summary!.preflight?.outcome).toBe('passed');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}, 120_000);

test('a truncated answer to Test Connection stops the run there, with the check failed and a diagnosis', async () => {
  const server = await hostileServer(false);
  const { port } = server.address() as AddressInfo;
  try {
    const run = await runCli(['--url', `http://127.0.0.1:${port}/scim`, '--token', TOKEN, '--timeout', '300']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(1);
    expect(run.summary!.preflight?.outcome).toBe('stopped');
    const connection = run.summary!.checks.find((c) => c.id === 'entra.test-connection.empty-list');
    expect(connection?.status).toBe('failed');
    expect(connection?.message).toMatch(/unparsable body/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}, 120_000);

import { filterString, formEncode, formQuery } from '../../src/http/encode';
import { Redactor, TOKEN_PLACEHOLDER } from '../../src/http/redact';
import { shellQuote, toCurl } from '../../src/http/curl';
import type { Exchange } from '../../src/http/exchange';

describe('form encoding (entra-requests.md §1.2)', () => {
  test('matches the captured Test Connection query byte for byte', () => {
    const q = formQuery([['filter', `userName eq ${filterString('7d420df3-9995-4831-a406-ecf8166f5f6a')}`]]);
    expect(q).toBe('filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22');
  });
  test('encodes @ as %40, + as %2B and keeps excludedAttributes before filter', () => {
    expect(formQuery([['excludedAttributes', 'members'], ['filter', 'displayName eq "a+b@c"']])).toBe(
      'excludedAttributes=members&filter=displayName+eq+%22a%2Bb%40c%22',
    );
  });
  test("encodes the characters encodeURIComponent leaves alone: ! ' ( ) *", () => {
    expect(formEncode("o'brien (x)*!")).toBe('o%27brien+%28x%29%2A%21');
  });
  test('filter literals escape quotes and backslashes as JSON does', () => {
    expect(filterString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('redaction', () => {
  const token = 'S3cr3t-T0ken/with+chars';
  test('replaces every occurrence of the token, longest secret first', () => {
    const r = new Redactor([token, 'S3cr3t']);
    expect(r.text(`Bearer ${token} and again ${token}`)).toBe(`Bearer ${TOKEN_PLACEHOLDER} and again ${TOKEN_PLACEHOLDER}`);
  });
  test('ignores empty and very short secrets instead of mangling text', () => {
    const r = new Redactor(['', 'ab', undefined]);
    expect(r.text('about abc')).toBe('about abc');
  });
  test('redacts header values', () => {
    expect(new Redactor([token]).headers({ Authorization: `Bearer ${token}` })).toEqual({ Authorization: `Bearer ${TOKEN_PLACEHOLDER}` });
  });
});

describe('curl rendering', () => {
  const exchange: Exchange = {
    seq: 1,
    label: 't',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: {
      method: 'PATCH',
      url: 'https://t.example/scim/Users/1',
      headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}`, 'Content-Type': 'application/scim+json; charset=utf-8' },
      body: `{"value":"O'Brien"}`,
    },
  };
  test('writes the token as "$SCIM_TOKEN" so the shell expands it, and nothing else', () => {
    const line = toCurl(exchange);
    expect(line).toContain(`-H "Authorization: Bearer $SCIM_TOKEN"`);
    expect(line).toContain(`-X PATCH 'https://t.example/scim/Users/1'`);
  });
  test('quotes bodies with single quotes safely', () => {
    expect(toCurl(exchange)).toContain(`--data-raw '{"value":"O'\\''Brien"}'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });
  test('escapes shell metacharacters around the token', () => {
    const ex = { ...exchange, request: { ...exchange.request, headers: { 'X-Odd': `"$HOME" \`id\` ${TOKEN_PLACEHOLDER}` } } };
    expect(toCurl(ex)).toContain(`-H 'X-Odd: "$HOME" \`id\` '"$SCIM_TOKEN"`);
  });
});

describe('the client on the wire (node:http)', () => {
  const TOKEN = 'wire-test-token-123';
  let server: import('node:http').Server;
  let baseUrl: string;
  let seen: Array<{ method: string; url: string; rawHeaders: string[]; body: string }> = [];
  let answer: (res: import('node:http').ServerResponse) => void;

  beforeAll(async () => {
    const http = await import('node:http');
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body });
        answer(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/scim/v2`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (seen = []));

  const client = async (maxResponseBytes?: number) => {
    const { ScimClient } = await import('../../src/http/client');
    return new ScimClient({ baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]), ...(maxResponseBytes ? { maxResponseBytes } : {}) });
  };
  const names = (raw: string[]) => raw.filter((_, i) => i % 2 === 0);

  test('sends only Host, Authorization, Content-Type, Content-Length and Connection: no Accept, User-Agent or Accept-Encoding', async () => {
    answer = (res) => res.writeHead(201, { 'Content-Type': 'application/scim+json' }).end('{"id":"1"}');
    const c = await client();
    const ex = await c.send({ method: 'POST', path: '/Users', body: { userName: 'ü x' }, label: 'create' });
    await c.send({ method: 'GET', path: '/Users', query: [['filter', 'userName eq "a"']], label: 'lookup' });
    expect(ex.response?.json).toEqual({ id: '1' });
    expect(seen[0]!.url).toBe('/scim/v2/Users');
    expect(seen[0]!.body).toBe('{"userName":"ü x"}');
    expect(names(seen[0]!.rawHeaders).sort()).toEqual(['Authorization', 'Connection', 'Content-Length', 'Content-Type', 'Host']);
    expect(seen[0]!.rawHeaders).toContain('application/scim+json; charset=utf-8');
    expect(seen[0]!.rawHeaders).toContain(String(Buffer.byteLength('{"userName":"ü x"}')));
    expect(names(seen[1]!.rawHeaders).sort()).toEqual(['Authorization', 'Connection', 'Host']);
    expect(seen[1]!.url).toBe('/scim/v2/Users?filter=userName+eq+%22a%22');
    expect(ex.request.headers['Authorization']).toBe(`Bearer ${TOKEN_PLACEHOLDER}`);
  });

  test("a request's own application/json Content-Type keeps axios' request transform (a JSON string body is trimmed), others go verbatim", async () => {
    answer = (res) => res.writeHead(204).end();
    const c = await client();
    await c.send({ method: 'POST', path: '/Users', rawBody: ' {"a":1} ', headers: { 'Content-Type': 'application/json' }, label: 'json' });
    await c.send({ method: 'POST', path: '/Users', rawBody: ' {"a":1} ', label: 'scim' });
    expect(seen.map((s) => s.body)).toEqual(['{"a":1}', ' {"a":1} ']);
  });

  test('reads a compressed body it never asked for, and drops a byte order mark', async () => {
    const zlib = await import('node:zlib');
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Content-Encoding': 'gzip' }).end(zlib.gzipSync('\ufeff{"totalResults":0}'));
    const ex = await (await client()).send({ method: 'GET', path: '/Users', label: 'gz' });
    expect(ex.response?.json).toEqual({ totalResults: 0 });
    expect(ex.response?.headers['content-encoding']).toBeUndefined();
  });

  test('a GET on a kept-alive connection the endpoint resets is sent once more on a new one; a POST is not', async () => {
    // Every second request on a connection is met with a reset: the endpoint closing an idle connection as it is reused.
    const served = new WeakMap<object, number>();
    answer = (res) => {
      const n = (served.get(res.socket!) ?? 0) + 1;
      served.set(res.socket!, n);
      if (n === 2) res.socket!.destroy();
      else res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end('{"totalResults":0}');
    };
    const c = await client();
    await c.send({ method: 'GET', path: '/Users', label: 'first' });
    const again = await c.send({ method: 'GET', path: '/Users', label: 'reused' });
    expect(again.response?.status).toBe(200);
    expect(seen.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);

    seen = [];
    const w = await client();
    await w.send({ method: 'POST', path: '/Users', body: { userName: 'a' }, label: 'first' });
    const write = await w.send({ method: 'POST', path: '/Users', body: { userName: 'b' }, label: 'reused' });
    expect(write.error?.code).toBe('ECONNRESET');
    expect(seen.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  test('a body over the cap ends the request as TOO_LARGE', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end(`"${'x'.repeat(5000)}"`);
    const ex = await (await client(1000)).send({ method: 'GET', path: '/Users', label: 'big' });
    expect(ex.response).toBeUndefined();
    expect(ex.error?.code).toBe('TOO_LARGE');
  });

  test('a refused connection is a transport error with its system code', async () => {
    const { ScimClient } = await import('../../src/http/client');
    const c = new ScimClient({ baseUrl: 'http://127.0.0.1:1/scim', token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
    const ex = await c.send({ method: 'GET', path: '/Users', label: 'refused' });
    expect(ex.error?.code).toBe('ECONNREFUSED');
  });
});

describe('the stop file (src/runner/interrupt.ts writes it; the client sends nothing after it)', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stop-file-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is looked for at most once per interval, noticed at the next look, and stays seen', async () => {
    const { StopFile } = await import('../../src/http/stop-file');
    let now = 1000;
    const file = path.join(dir, 'stop');
    const stop = new StopFile(file, 10, () => now);
    expect(stop.isStopped).toBe(false);
    fs.writeFileSync(file, 'SIGINT');
    now += 9;
    expect(stop.isStopped).toBe(false); // within the interval: the earlier answer stands
    now += 1;
    expect(stop.isStopped).toBe(true);
    fs.rmSync(file);
    now += 100;
    expect(stop.isStopped).toBe(true);
  });

  test('a client refuses to send once the file exists', async () => {
    const { ScimClient } = await import('../../src/http/client');
    const { STOP_CHECK_INTERVAL_MS } = await import('../../src/http/stop-file');
    const file = path.join(dir, 'stop');
    // Nothing listens on port 1: a request that went out would fail with ECONNREFUSED instead.
    const c = new ScimClient({ baseUrl: 'http://127.0.0.1:1/scim', token: 'stop-file-token', timeoutMs: 5000, redactor: new Redactor(['stop-file-token']), stopFile: file });
    expect((await c.send({ method: 'GET', path: '/Users', label: 'before' })).error?.code).toBe('ECONNREFUSED');
    fs.writeFileSync(file, 'SIGTERM');
    await new Promise((r) => setTimeout(r, STOP_CHECK_INTERVAL_MS + 5));
    expect((await c.send({ method: 'GET', path: '/Users', label: 'after' })).error?.code).toBe('INTERRUPTED');
  });
});

describe('proxies from the environment', () => {
  test('are detected the way axios reads them: http_proxy, https_proxy, all_proxy, either case, non-empty', async () => {
    const { envProxyConfigured } = await import('../../src/http/client');
    expect(envProxyConfigured({})).toBe(false);
    expect(envProxyConfigured({ HTTP_PROXY: '' })).toBe(false);
    expect(envProxyConfigured({ NO_PROXY: 'example.com' })).toBe(false);
    expect(envProxyConfigured({ HTTPS_PROXY: 'http://proxy:3128' })).toBe(true);
    expect(envProxyConfigured({ http_proxy: 'proxy:3128' })).toBe(true);
    expect(envProxyConfigured({ ALL_PROXY: 'http://proxy:3128' })).toBe(true);
  });

  test('HTTP_PROXY set before the client is made: requests go through the proxy; unset: straight to the endpoint', async () => {
    const http = await import('node:http');
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end('{"totalResults":0}');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as import('node:net').AddressInfo).port}`;
    const { ScimClient } = await import('../../src/http/client');
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    try {
      process.env.HTTP_PROXY = proxyUrl;
      delete process.env.http_proxy;
      // The endpoint's name never resolves: only the proxy can answer.
      const viaProxy = new ScimClient({ baseUrl: 'http://scim.invalid/scim/v2', token: 'proxy-test-token', timeoutMs: 5000, redactor: new Redactor(['proxy-test-token']) });
      expect((await viaProxy.send({ method: 'GET', path: '/Users', label: 'proxied' })).response?.status).toBe(200);
      expect(seen).toEqual(['GET http://scim.invalid/scim/v2/Users']);
      delete process.env.HTTP_PROXY;
      const direct = new ScimClient({ baseUrl: `${proxyUrl}/scim/v2`, token: 'proxy-test-token', timeoutMs: 5000, redactor: new Redactor(['proxy-test-token']) });
      expect((await direct.send({ method: 'GET', path: '/Users', label: 'direct' })).response?.status).toBe(200);
      expect(seen[1]).toBe('GET /scim/v2/Users');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe('the depth pre-check', () => {
  test('lets through only texts that cannot nest deeper than the limit', async () => {
    const { bracketsExceed, jsonDepth } = await import('../../src/http/client');
    expect(bracketsExceed('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(bracketsExceed('{"a":[1,{"b":2}]}', 2)).toBe(true);
    expect(bracketsExceed('{"s":"[[[["}', 4)).toBe(true); // brackets in strings count: jsonDepth then decides
    for (const text of ['[]', '{"a":{"b":{"c":[]}}}', '[[[[[[', '"{["', '{"x":"{{{{{"}']) {
      for (const limit of [0, 1, 2, 3, 4, 5]) if (!bracketsExceed(text, limit)) expect(jsonDepth(text, limit)).toBeLessThanOrEqual(limit);
    }
  });

  test('a response nested deeper than 64 levels is still kept as text, one at 64 is parsed', async () => {
    const http = await import('node:http');
    let body = '';
    const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/scim+json' }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { ScimClient, MAX_JSON_DEPTH } = await import('../../src/http/client');
      const c = new ScimClient({ baseUrl: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`, token: 'depth-token', timeoutMs: 5000, redactor: new Redactor(['depth-token']) });
      body = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
      const deep = await c.send({ method: 'GET', path: '/deep', label: 'deep' });
      expect(deep.response?.json).toBeUndefined();
      expect(deep.response?.jsonError).toMatch(/deeper than 64/);
      body = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
      expect((await c.send({ method: 'GET', path: '/ok', label: 'ok' })).response?.jsonError).toBeUndefined();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

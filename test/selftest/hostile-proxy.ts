// A misbehaving proxy in front of the reference server, for the hostile-endpoint self-tests: each
// mode is one way a real endpoint (or what sits in front of it) can attack or stall the harness.
// The first request (the CLI's reachability check) always passes through untouched, so that every
// mode reaches the suites. Listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODES = ['hang', 'trickle', 'endless', 'huge', 'nested', 'ids', 'inject', 'throttle', 'slow'] as const;
export type Mode = (typeof MODES)[number];

/** Text a hostile endpoint puts in bodies and ids: terminal escapes, CI workflow commands, a fake verdict. */
export const INJECTION = '\u001b[2J\u001b[31m\n::error title=pwned::owned by the endpoint\n##vso[task.setvariable variable=x]y\nVerdict: PASSED\n';

export interface HostileProxy {
  baseUrl: string;
  port: number;
  close(): void;
}

export async function startHostileProxy(mode: Mode, upstreamBaseUrl: string): Promise<HostileProxy> {
  const upstream = new URL(upstreamBaseUrl);
  let count = 0;
  const throttled = new Set<string>();
  // ids mode: the endpoint answers other ids than the real ones, and maps them back on the way in.
  const fakeOf = new Map<string, string>();
  const realOf = new Map<string, string>();
  let port = 0;
  const hostileIds = () =>
    mode === 'inject' ? [`\u001b[2J${fakeOf.size}\n::error::x`, `${fakeOf.size}\r\nVerdict: PASSED`] : [String(port), `$(touch /tmp/scimc-pwned-${port})`, `o'brien ${fakeOf.size}\n`, `../${fakeOf.size}`];
  const fake = (real: string) => {
    let f = fakeOf.get(real);
    if (!f) {
      const pool = hostileIds();
      f = `${pool[fakeOf.size % pool.length]}${fakeOf.size}`;
      fakeOf.set(real, f);
      realOf.set(f, real);
    }
    return f;
  };
  const rewritesIds = mode === 'ids' || mode === 'inject';

  const server = http.createServer((req, res) => {
    const n = ++count;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      let url = req.url ?? '/';
      if (n === 1) return forward(url, body, res, (b) => b);
      const key = `${req.method} ${url} ${body}`;
      switch (mode) {
        case 'hang':
          return; // never answers; the socket stays open
        case 'throttle':
          if (n % 3 === 0 && !throttled.has(key)) {
            throttled.add(key);
            const retryAfter = n % 2 === 0 ? '1' : new Date(Date.now() + 1000).toUTCString();
            res.writeHead(n % 2 === 0 ? 429 : 503, { 'Retry-After': retryAfter, 'Content-Type': 'text/plain' });
            return res.end('slow down');
          }
          break;
        case 'slow':
          return void setTimeout(() => forward(url, body, res, (b) => b), 2000);
        case 'huge':
          if (req.method === 'GET') return flood(res, 100 * 1024 * 1024);
          break;
        case 'endless':
          if (req.method === 'GET') return flood(res, Infinity);
          break;
        case 'nested':
          if (req.method === 'GET') {
            res.writeHead(200, { 'Content-Type': 'application/scim+json' });
            return res.end('['.repeat(200_000) + ']'.repeat(200_000));
          }
          break;
        case 'inject':
          if (req.method === 'GET' && url.includes('filter=')) {
            res.writeHead(200, { 'Content-Type': 'text/plain' });
            return res.end(INJECTION);
          }
          break;
        case 'trickle':
          return forward(url, body, res, (b) => b, true);
        case 'ids':
          break;
      }
      if (rewritesIds) {
        const [pathPart = '', query] = url.split(/\?(.*)/s);
        url =
          pathPart
            .split('/')
            .map((seg) => {
              const real = realOf.get(safeDecode(seg));
              return real !== undefined ? encodeURIComponent(real) : seg;
            })
            .join('/') + (query !== undefined ? `?${query}` : '');
        for (const [f, real] of realOf) body = body.split(JSON.stringify(f)).join(JSON.stringify(real));
      }
      forward(url, body, res, rewritesIds ? rewriteIds : (b) => b);
    });
  });

  function rewriteIds(text: string): string {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const swap = (r: unknown) => {
        if (r && typeof r === 'object' && typeof (r as Record<string, unknown>)['id'] === 'string') (r as Record<string, unknown>)['id'] = fake((r as Record<string, string>)['id']!);
      };
      swap(json);
      if (Array.isArray(json['Resources'])) json['Resources'].forEach(swap);
      return JSON.stringify(json);
    } catch {
      return text;
    }
  }

  function forward(url: string, body: string, res: http.ServerResponse, transform: (b: string) => string, trickle = false): void {
    const up = http.request(
      { host: upstream.hostname, port: upstream.port, method: (res.req as http.IncomingMessage).method, path: url, headers: { ...(res.req as http.IncomingMessage).headers, host: upstream.host, 'content-length': Buffer.byteLength(body) } },
      (upRes) => {
        const parts: Buffer[] = [];
        upRes.on('data', (c: Buffer) => parts.push(c));
        upRes.on('end', () => {
          const out = Buffer.from(transform(Buffer.concat(parts).toString('utf8')));
          const headers = { ...upRes.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          if (!trickle) {
            res.writeHead(upRes.statusCode ?? 502, { ...headers, 'content-length': out.length });
            return res.end(out);
          }
          // One byte every 300 ms: headers arrive at once, the body takes "forever".
          res.writeHead(upRes.statusCode ?? 502, headers);
          let i = 0;
          const t = setInterval(() => (i < out.length ? res.write(out.subarray(i, ++i)) : (clearInterval(t), res.end())), 300);
          res.on('close', () => clearInterval(t));
        });
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Writes a JSON-looking body of `bytes` (or without end), as fast as the reader takes it. */
function flood(res: http.ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/scim+json' });
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let sent = 0;
  let closed = false;
  res.on('close', () => (closed = true));
  res.write('{"Resources":[');
  const pump = () => {
    while (!closed && sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!closed) res.end(']}');
  };
  pump();
}

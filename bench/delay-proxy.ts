// A loopback proxy in front of an endpoint that adds a fixed latency to every request (a cloud round
// trip, for the benchmarks) and counts what the endpoint would see: requests, the most in flight at
// once, and the most started within any one second. Listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
  /** The upstream base URL with this proxy's host and port. */
  baseUrl: string;
  stats(): ProxyStats;
  close(): Promise<void>;
}

export interface ProxyStats {
  requests: number;
  maxInFlight: number;
  /** Most request arrivals within any window of 1000 ms. */
  maxPerSecond: number;
  /** Arrival times (ms since the proxy started), in order. */
  arrivals: number[];
  /** With capture on: every request as received, for a bare client to send again. */
  captured: CapturedRequest[];
}

export interface CapturedRequest {
  method: string;
  /** Path and query, as on the wire. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The most arrivals within any window [t, t + 1000 ms) (arrivals sorted ascending). */
export function maxInAnySecond(arrivals: readonly number[]): number {
  let best = 0;
  for (let i = 0, j = 0; j < arrivals.length; j++) {
    while (arrivals[j]! - arrivals[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

export async function startDelayProxy(upstreamBaseUrl: string, latencyMs: number, options: { capture?: boolean } = {}): Promise<DelayProxy> {
  const captured: CapturedRequest[] = [];
  const upstream = new URL(upstreamBaseUrl);
  const agent = new http.Agent({ keepAlive: true });
  const t0 = performance.now();
  const arrivals: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    arrivals.push(performance.now() - t0);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let ended = false;
    const done = () => {
      if (!ended) (ended = true), inFlight--;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const body = Buffer.concat(chunks);
        if (options.capture) {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
          captured.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body: body.toString('utf8') });
        }
        const headers = { ...req.headers, host: upstream.host };
        const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        up.on('error', (err) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`delay proxy: ${err.message}`);
        });
        up.end(body);
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const proxied = new URL(upstreamBaseUrl);
  proxied.host = `127.0.0.1:${port}`;
  return {
    baseUrl: proxied.toString().replace(/\/$/, ''),
    stats: () => ({ requests: arrivals.length, maxInFlight, maxPerSecond: maxInAnySecond(arrivals), arrivals: [...arrivals], captured }),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

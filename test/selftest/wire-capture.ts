// The wire capture's recording proxy: a plain HTTP proxy on 127.0.0.1 in front of the reference server
// that keeps every request exactly as it arrived (method, raw path and query, headers, body bytes),
// and replays one fixture sequence through it with the sequence driver, pairing each wire request
// with the driver's label for it. Shared by the Entra and Okta wire-capture self-tests and by scale
// mode's Okta test.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ScimClient } from '../../src/http/client';
import type { Exchange } from '../../src/http/exchange';
import { Redactor } from '../../src/http/redact';
import type { Profile } from '../../src/profiles';
import { Journal } from '../../src/sequences/journal';
import { SequenceRun } from '../../src/sequences/replay';
import type { SequenceDef, SequenceFile } from '../../src/sequences/types';
import type { QuerySpace } from '../../src/http/encode';

/** The tenant path the proxy serves; the upstream reference server's own path replaces it. */
const TENANT_PATH = '/scim/v2';

export interface WireRequest {
  method: string;
  /** Path and query below the tenant URL, as sent. */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A wire request as a catalogue shape sees it. */
export interface Seen {
  method: string;
  path: string;
  rawQuery: string;
  query: Array<[string, string]>;
  body: Record<string, any> | undefined;
}

export function seen(w: WireRequest): Seen {
  const [p, q = ''] = w.target.split('?') as [string, string?];
  let body: Record<string, any> | undefined;
  if (w.body !== '') body = JSON.parse(w.body) as Record<string, any>;
  return { method: w.method, path: decodeURIComponent(p), rawQuery: q, query: [...new URLSearchParams(q)] as Array<[string, string]>, body };
}

export interface CapturedRequest {
  label: string;
  wire: WireRequest;
  exchange: Exchange;
}

export class WireRecorder {
  readonly wire: WireRequest[] = [];
  private proxy?: http.Server;
  private readonly runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-wire-'));
  /** The proxy's tenant URL (after start()). */
  baseUrl = '';

  /**
   * @param gzip answer gzip-compressed whenever the request accepts it, as many real endpoints do
   *   (Okta sends Accept-Encoding: gzip,deflate)
   */
  constructor(private readonly options: { gzip?: boolean } = {}) {}

  async start(upstreamBaseUrl: string): Promise<void> {
    const upstream = new URL(upstreamBaseUrl);
    this.proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const target = req.url!.slice(TENANT_PATH.length);
        this.wire.push({ method: req.method!, target, headers: req.headers, body: body.toString('utf8') });
        const gzip = this.options.gzip === true && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        const headers = { ...req.headers };
        delete headers['accept-encoding']; // the proxy compresses, not the server
        const fwd = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: upstream.pathname.replace(/\/$/, '') + target, headers, agent: false }, (up) => {
          if (gzip && up.statusCode !== 204) {
            const { 'content-length': _length, ...rest } = up.headers;
            res.writeHead(up.statusCode!, { ...rest, 'content-encoding': 'gzip' });
            up.pipe(zlib.createGzip()).pipe(res);
          } else {
            res.writeHead(up.statusCode!, up.headers);
            up.pipe(res);
          }
        });
        fwd.end(body);
      });
    });
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.proxy.address() as { port: number }).port}${TENANT_PATH}`;
  }

  async stop(): Promise<void> {
    if (this.proxy) {
      this.proxy.closeAllConnections();
      await new Promise((resolve) => this.proxy!.close(resolve));
    }
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }

  /**
   * Replays one sequence in one profile through the proxy; returns its wire requests, each with the
   * driver's label, and then the clean-up's (the harness's DELETEs, after the sequence) apart.
   * @param skipped steps (by index) the suite would not send for this endpoint
   */
  async capture(
    file: SequenceFile,
    sequence: SequenceDef,
    profile: Profile,
    n: number,
    env: { token: string; clientHeaders?: Readonly<Record<string, string>>; querySpace?: QuerySpace; skipped?: ReadonlyMap<number, string> },
  ): Promise<{ sent: CapturedRequest[]; cleanup: CapturedRequest[] }> {
    const exchanges: Exchange[] = [];
    const client = new ScimClient({ baseUrl: this.baseUrl, token: env.token, timeoutMs: 10_000, redactor: new Redactor([env.token]), onExchange: (ex) => exchanges.push(ex) });
    const start = this.wire.length;
    const run = new SequenceRun(
      file,
      sequence,
      profile,
      { client, journal: new Journal(this.runDir), prefix: `scimc-wire-${n}-`, wrongToken: 'wrong-token-wire', ...(env.clientHeaders ? { clientHeaders: env.clientHeaders } : {}), ...(env.querySpace ? { querySpace: env.querySpace } : {}) },
      env.skipped ?? new Map(),
    );
    for (let i = 0; i < sequence.steps.length; i++) {
      if (env.skipped?.has(i)) continue;
      const outcome = await run.step(i);
      if (outcome.status !== 'done') throw new Error(`${sequence.id} › ${sequence.steps[i]!.name} [${profile}] did not run against the clean server: ${outcome.status}`);
    }
    const sent = this.pair(start, exchanges.splice(0));
    const cleanupStart = this.wire.length;
    await run.cleanup();
    return { sent, cleanup: this.pair(cleanupStart, exchanges.splice(0)) };
  }

  /** Requests are sent one at a time, so the wire and the driver's exchanges line up one to one. */
  private pair(from: number, exchanges: Exchange[]): CapturedRequest[] {
    const captured = this.wire.slice(from);
    expect(captured.map((w) => `${w.method} ${w.target}`)).toEqual(exchanges.map((ex) => `${ex.request.method} ${ex.request.url.slice(this.baseUrl.length)}`));
    return captured.map((w, i) => ({ label: exchanges[i]!.label, wire: w, exchange: exchanges[i]! }));
  }
}

/** A step's own request (the client's, or the harness's verification step) versus the identity read the driver adds after a create. */
export const isVerification = (label: string) => / › [^›]*\[verification\]$/.test(label) || / › verification: /.test(label);

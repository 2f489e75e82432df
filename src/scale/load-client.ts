// The HTTP client of the load path: undici's Pool (chosen by measurement, see bench/scale.ts and
// docs/scale.md: axios costs ~5x the client CPU per request, which would make the harness the
// bottleneck). It sends the client's headers as the conformance client does (Bearer token, the SCIM body
// content type, the form-encoded query, and Okta's User-Agent, Accept… for Okta), honours 429/503 Retry-After with the conformance client's
// bounds (http/client.ts retryWait), paces to --max-rps, and records every request in ScaleMetrics.
// Only when asked does it keep an Exchange (redacted, as the conformance client records it) for the
// checks and the report; the token is never part of anything it returns.
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { Pool } from 'undici';
import { retryWait, SCIM_BODY_CONTENT_TYPE } from '../http/client';
import { formQuery, type QuerySpace } from '../http/encode';
import type { Exchange } from '../http/exchange';
import { Redactor, TOKEN_PLACEHOLDER } from '../http/redact';
import type { ScaleMetrics } from './metrics';
import type { ScaleRequest } from './plan';

export interface LoadClientOptions {
  /** Tenant URL without a trailing slash. */
  baseUrl: string;
  token: string;
  /** Total time of one attempt. */
  timeoutMs: number;
  /** Largest response body read; a larger one fails its request (--max-response-bytes). */
  maxResponseBytes?: number;
  /** Headers of the replayed client on every request (sequences/catalogue.ts CLIENT_HEADERS). */
  headers?: Readonly<Record<string, string>>;
  /** How the replayed client writes a space in a query (sequences/catalogue.ts CLIENT_QUERY_SPACE); default '+'. */
  querySpace?: QuerySpace;
  /** Sockets to the endpoint (the run's concurrency). */
  connections: number;
  /** Requests per second across the run (attempts and retries included); undefined: unpaced. */
  maxRps?: number;
  metrics: ScaleMetrics;
  /** True once the run must send nothing more (interrupt, --duration). */
  stopped: () => boolean;
}

export interface LoadAnswer {
  status?: number;
  headers?: Record<string, string>;
  text?: string;
  /** Parsed JSON body (undefined when empty or not JSON). */
  json?: unknown;
  /** A transport failure: no HTTP answer. */
  transportError?: { code: string; message: string };
  /** Not sent at all: the run was stopped first. */
  notSent?: true;
  /** Present when the request asked for it (record: true) or when it failed. */
  exchange?: Exchange;
}

/** Spaces request starts 1/R s apart; a burst after an idle spell is not allowed. */
class Pacer {
  private next = 0;
  constructor(private readonly intervalMs: number) {}
  async slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LoadClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly pacer?: Pacer;
  private readonly redactor: Redactor;
  private seq = 0;

  constructor(private readonly options: LoadClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 10_000,
      ...(options.maxResponseBytes !== undefined ? { maxResponseSize: options.maxResponseBytes } : {}),
    });
    if (options.maxRps !== undefined) this.pacer = new Pacer(1000 / options.maxRps);
    this.redactor = new Redactor([options.token]);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  urlFor(req: Pick<ScaleRequest, 'path' | 'query'>): string {
    return `${this.options.baseUrl}${req.path}${req.query && req.query.length > 0 ? `?${formQuery(req.query, this.options.querySpace)}` : ''}`;
  }

  /**
   * Sends one request of the scenario. `ok` says which final answers meet the request's
   * expectation (the rest count as errors); `record` keeps the exchange for checks.
   */
  async send(req: ScaleRequest, ok: (status: number, json: unknown) => boolean, record = false): Promise<LoadAnswer> {
    if (this.options.stopped()) return { notSent: true };
    const path = `${this.basePath}${req.path}${req.query && req.query.length > 0 ? `?${formQuery(req.query, this.options.querySpace)}` : ''}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = { ...this.options.headers, Authorization: `Bearer ${this.options.token}` };
    if (body !== undefined) headers['Content-Type'] = SCIM_BODY_CONTENT_TYPE;
    const startedAt = Date.now();
    let waited = 0;
    let answer: LoadAnswer = {};
    // The latency is the final attempt's (what the endpoint took to give the answer that stands);
    // the waits before retries are counted apart, as Retry-After honoured.
    let t0 = performance.now();
    for (let attempt = 0; ; attempt++) {
      if (this.pacer) await this.pacer.slot();
      t0 = performance.now();
      answer = await this.attempt(req, path, headers, body);
      const status = answer.status;
      if (status !== 429 && status !== 503) break;
      const wait = retryWait(status, answer.headers ?? {}, attempt, waited);
      if (wait === undefined || this.options.stopped()) {
        this.options.metrics.throttledFinal(req.kind, status);
        break;
      }
      this.options.metrics.retry(req.kind, status, wait);
      waited += wait;
      await sleep(wait);
    }
    const endedAt = Date.now();
    const latencyUs = (performance.now() - t0) * 1000;
    const met = answer.status !== undefined && ok(answer.status, answer.json);
    this.options.metrics.record(req.kind, { ...(answer.status !== undefined ? { status: answer.status } : {}), ...(answer.transportError ? { transportError: answer.transportError.code } : {}), ok: met, startedAt, latencyUs, endedAt });
    if (record || !met) answer.exchange = this.exchange(req, body, answer, startedAt, latencyUs / 1000);
    return answer;
  }

  private async attempt(req: ScaleRequest, path: string, headers: Record<string, string>, body: string | undefined): Promise<LoadAnswer> {
    try {
      const res = await this.pool.request({ method: req.method, path, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(this.options.timeoutMs) });
      const answered = flatHeaders(res.headers);
      // Okta's Accept-Encoding: gzip,deflate invites a compressed answer, which undici leaves as it came.
      const text = decoded(Buffer.from(await res.body.arrayBuffer()), answered['content-encoding']);
      const out: LoadAnswer = { status: res.statusCode, headers: answered, text };
      const json = parseJson(text);
      if (json !== undefined) out.json = json;
      return out;
    } catch (err) {
      const e = err as { code?: string; name?: string; message?: string };
      const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : (e.code ?? e.name ?? 'ERROR');
      return { transportError: { code, message: this.redactor.text(String(e.message ?? err)) } };
    }
  }

  /** The request and its answer as the conformance client records them (redacted). */
  private exchange(req: ScaleRequest, body: string | undefined, a: LoadAnswer, startedAt: number, durationMs: number): Exchange {
    const recorded: Record<string, string> = { ...this.options.headers, Authorization: `Bearer ${TOKEN_PLACEHOLDER}` };
    if (body !== undefined) recorded['Content-Type'] = SCIM_BODY_CONTENT_TYPE;
    const text = a.text === undefined ? undefined : this.redactor.text(a.text);
    // Parsed again only when redaction changed the text, so no secret survives in the JSON either.
    const json = text !== undefined && text !== a.text ? parseJson(text) : a.json;
    return {
      seq: ++this.seq,
      label: `scale › ${req.kind}`,
      startedAt: new Date(startedAt).toISOString(),
      durationMs,
      request: { method: req.method, url: this.redactor.text(this.urlFor(req)), headers: recorded, ...(body !== undefined ? { body: this.redactor.text(body) } : {}) },
      ...(a.status !== undefined
        ? { response: { status: a.status, headers: this.redactor.headers(a.headers ?? {}), bodyText: text ?? '', ...(json !== undefined ? { json } : {}) } }
        : {}),
      ...(a.transportError ? { error: a.transportError } : {}),
    };
  }
}

/** The body as text, inflated when the endpoint compressed it (gzip, or deflate with or without its zlib wrapper). */
function decoded(raw: Buffer, encoding: string | undefined): string {
  const how = (encoding ?? '').trim().toLowerCase();
  if (how === 'gzip' || how === 'x-gzip') return zlib.gunzipSync(raw).toString('utf8');
  if (how === 'deflate') {
    try {
      return zlib.inflateSync(raw).toString('utf8');
    } catch {
      return zlib.inflateRawSync(raw).toString('utf8');
    }
  }
  return raw.toString('utf8');
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The JSON of a body, or undefined when it is empty or not JSON (the checks then say so). */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

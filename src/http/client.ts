// The one HTTP client. It sends requests shaped like Entra's (entra-requests.md §1): compact JSON,
// `application/scim+json; charset=utf-8` on bodies only, no Accept and no User-Agent (Test Connection
// arrives with neither), and records every exchange, redacted, for checks and reports.
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type RawAxiosRequestHeaders } from 'axios';
import type { Exchange, HttpMethod, RecordedResponse } from './exchange';
import { formQuery, type QuerySpace } from './encode';
import { TOKEN_PLACEHOLDER, type Redactor } from './redact';
import { StopFile } from './stop-file';
import { trustedRoots } from '../tls/trust';

export const SCIM_BODY_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type Auth = 'token' | 'none' | { bearer: string };

export interface ScimRequest {
  method: HttpMethod;
  /** Path relative to the base URL, starting with '/', already percent-encoded where needed. */
  path: string;
  query?: ReadonlyArray<readonly [string, string]>;
  /** How the query writes a space (the replayed client's way); default '+'. */
  querySpace?: QuerySpace;
  /** Serialised as compact JSON. */
  body?: unknown;
  /** Sent verbatim instead of `body` (malformed-body tests). */
  rawBody?: string;
  auth?: Auth;
  /** Further request headers, e.g. If-Match / If-None-Match (RFC 7644 §3.14). */
  headers?: Readonly<Record<string, string>>;
  label: string;
  /** Requests of one chain depend on each other (one sequence, one property lane): the run's timing measures the longest. */
  chain?: string;
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  /** Total time one request may take: connect, headers and the whole body. */
  timeoutMs: number;
  redactor: Redactor;
  /** Called with every recorded exchange (already redacted). */
  onExchange?: (exchange: Exchange) => void;
  /** A response body larger than this fails the request; enforced while the body streams in. */
  maxResponseBytes?: number;
  /** Epoch ms of the run's deadline: no request starts after it, and one in flight is aborted at it. */
  deadlineAt?: number;
  /** A file whose existence means the run was interrupted: no new request is sent (noticed within STOP_CHECK_INTERVAL_MS). */
  stopFile?: string;
  /** Called for every wait before a retry of a 429 or 503. */
  onRetry?: (waitedMs: number) => void;
  /** PEM of private CA(s) trusted besides the public roots (--ca). */
  ca?: string;
  /** The run's limiter (--concurrency, --max-rps): every attempt holds one of its slots while in flight. */
  gate?: RequestGate;
}

/** A slot held by one request in flight. */
export interface GateTicket {
  release(): void;
}

/** What bounds a run's traffic as a whole; implemented by the runner (src/runner/limiter.ts). */
export interface RequestGate {
  acquire(request: { method: string; path: string; chain?: string }): Promise<GateTicket>;
  /** The endpoint asked to slow down (429/503 Retry-After): start nothing for this long. */
  pause?(ms: number): void;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** A body is kept whole for the checks, but recorded (reports, attachments) only up to this. */
export const RECORDED_BODY_CHARS = 64 * 1024;
/** SCIM documents nest a few levels; anything deeper than this is kept as text, never parsed. */
export const MAX_JSON_DEPTH = 64;
/** 429 and 503 (RFC 6585 §4, RFC 9110 §15.6.4): bounded retries honouring Retry-After. */
export const RETRY = { attempts: 3, maxWaitMs: 10_000, maxTotalWaitMs: 30_000, defaultWaitMs: 1000 } as const;

interface RequestHeaders {
  wire: RawAxiosRequestHeaders;
  recorded: Readonly<Record<string, string>>;
  /** axios' own request transform, for the requests whose headers make it change the body. */
  transformRequest?: AxiosRequestConfig['transformRequest'];
}

/**
 * The TCP keep-alive delay axios sets on a socket for every request (http adapter). The agents idle
 * their sockets with the same one: with differing values, every request paid two setsockopt calls.
 */
const AXIOS_KEEPALIVE_MS = 60_000;

/**
 * A kept-alive socket idle longer than this is closed instead of reused. A server closes idle
 * connections after its keep-alive timeout (5 s for Node's http server, the shortest common one), and
 * a request written on a socket it is closing fails with ECONNRESET: a POST or PATCH that fails so is
 * not sent again (it may have been acted on), so it would count as the endpoint's failure. Node's
 * agent drops sockets on the server's Keep-Alive hint only when its timers run; after the event loop
 * was busy for seconds (a spec file loading on a loaded machine) every pooled socket is stale.
 */
const MAX_IDLE_SOCKET_MS = 4_000;

/** When each pooled socket was last released by a request. */
const idleSince = new WeakMap<object, number>();

function trackingIdle<A extends http.Agent>(agent: A): A {
  const keep = agent.keepSocketAlive.bind(agent);
  agent.keepSocketAlive = (socket) => (idleSince.set(socket, performance.now()), keep(socket));
  return agent;
}

/** Closes the agent's pooled sockets idle past MAX_IDLE_SOCKET_MS; when there were some, resolves once the agent has let them go. */
function closeStaleSockets(agent: http.Agent): Promise<unknown> | undefined {
  const now = performance.now();
  let closed: Array<Promise<unknown>> | undefined;
  for (const list of Object.values(agent.freeSockets)) {
    for (const socket of list ?? []) {
      if (now - (idleSince.get(socket) ?? now) <= MAX_IDLE_SOCKET_MS) continue;
      // The agent's own 'close' listener (registered first) removes it from the pool.
      (closed ??= []).push(once(socket, 'close'));
      socket.destroy();
    }
  }
  return closed && Promise.all(closed);
}

/** Why a request ended without a response although the endpoint did nothing wrong yet. */
type Abort = 'timeout' | 'deadline';

/** The run stopped this request (not sent, or aborted in flight): the run's deadline, or an interruption (Ctrl-C, SIGTERM). */
export type RunCut = 'deadline' | 'interrupted';

const CUT_CODES: Readonly<Record<string, RunCut>> = { DEADLINE: 'deadline', INTERRUPTED: 'interrupted' };

/**
 * Whether the run itself cut this exchange short: then it holds no answer of the endpoint's, and
 * nothing judged on it is the endpoint's failure (or its pass).
 */
export function cutByRun(exchange: Pick<Exchange, 'response' | 'error'> | undefined): RunCut | undefined {
  if (!exchange || exchange.response) return undefined;
  return exchange.error ? CUT_CODES[exchange.error.code] : undefined;
}

export class ScimClient {
  private readonly axios: AxiosInstance;
  private readonly stopFile: StopFile | undefined;
  private readonly usual: Record<'withBody' | 'noBody', RequestHeaders>;
  private readonly agents: http.Agent[];
  private seq = 0;
  private sent = 0;
  private answered = { count: 0, totalMs: 0 };

  constructor(private readonly options: ClientOptions) {
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.stopFile = options.stopFile === undefined ? undefined : new StopFile(options.stopFile);
    this.usual = { withBody: this.headersFor('token', true, undefined), noBody: this.headersFor('token', false, undefined) };
    this.axios = axios.create({
      validateStatus: () => true, // checks judge statuses, not axios
      responseType: 'text',
      // No transforms (each costs axios a header normalisation): bodies go out as the strings they are
      // and come back as text. axios' default request transform changes a string body only under an
      // application/json Content-Type, which only a request's own headers can set: those keep it.
      transformRequest: [],
      transformResponse: [],
      maxRedirects: 0,
      // Counted while the body streams in: the socket is destroyed as soon as the cap is passed.
      maxContentLength: maxBytes,
      maxBodyLength: maxBytes,
      // axios looks the proxy up in the environment on every request; with none configured that lookup
      // is skipped (the environment is read once, here). A configured one keeps working as before.
      ...(envProxyConfigured() ? {} : { proxy: false as const }),
      httpAgent: trackingIdle(new http.Agent({ keepAlive: true, keepAliveMsecs: AXIOS_KEEPALIVE_MS })),
      httpsAgent: trackingIdle(new https.Agent({ keepAlive: true, keepAliveMsecs: AXIOS_KEEPALIVE_MS, ...(options.ca !== undefined ? { ca: trustedRoots(options.ca) } : {}) })),
    });
    this.agents = [this.axios.defaults.httpAgent as http.Agent, this.axios.defaults.httpsAgent as http.Agent];
    // axios' default headers are a default Accept (removed per request anyway) and an empty bucket per
    // method, all deep-copied for every request: this instance has none (-4 us per request).
    this.axios.defaults.headers = { common: {} } as AxiosInstance['defaults']['headers'];
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Requests this client was asked to send (retries not counted, refused ones counted). */
  get requestCount(): number {
    return this.sent;
  }

  /** Mean time to a complete response so far; undefined before the first one. */
  get meanLatencyMs(): number | undefined {
    return this.answered.count === 0 ? undefined : this.answered.totalMs / this.answered.count;
  }

  urlFor(req: Pick<ScimRequest, 'path' | 'query' | 'querySpace'>): string {
    const query = req.query && req.query.length > 0 ? `?${formQuery(req.query, req.querySpace)}` : '';
    return `${this.options.baseUrl}${req.path}${query}`;
  }

  /** The headers of a request: as sent (axios' defaults removed) and as recorded (redacted). Neither is modified later. */
  private headersFor(auth: Auth, hasBody: boolean, extra: Readonly<Record<string, string>> | undefined): RequestHeaders {
    const sent: Record<string, string> = {};
    const recorded: Record<string, string> = {};
    const redact = this.options.redactor;
    if (auth === 'token') {
      sent['Authorization'] = `Bearer ${this.options.token}`;
      // Written as the placeholder whatever the token's length: text redaction skips short tokens.
      recorded['Authorization'] = `Bearer ${TOKEN_PLACEHOLDER}`;
    } else if (auth !== 'none') sent['Authorization'] = recorded['Authorization'] = redact.text(`Bearer ${auth.bearer}`);
    if (hasBody) sent['Content-Type'] = recorded['Content-Type'] = SCIM_BODY_CONTENT_TYPE;
    for (const [name, value] of Object.entries(extra ?? {})) sent[name] = recorded[name] = value;
    // null removes axios' defaults, so only the headers above go on the wire.
    const json = Object.entries(sent).some(([name, value]) => name.toLowerCase() === 'content-type' && value.includes('application/json'));
    return { wire: { Accept: null, 'User-Agent': null, 'Accept-Encoding': null, ...sent }, recorded: redact.headers(recorded), ...(json ? { transformRequest: axios.defaults.transformRequest } : {}) };
  }

  /** Why no request may start now, or undefined when one may. */
  private refusal(): { code: string; message: string } | undefined {
    if (this.options.deadlineAt !== undefined && Date.now() >= this.options.deadlineAt) return { code: 'DEADLINE', message: "not sent: the run's deadline (--deadline) has passed" };
    if (this.stopFile?.isStopped) return { code: 'INTERRUPTED', message: 'not sent: the run was interrupted' };
    return undefined;
  }

  async send(req: ScimRequest): Promise<Exchange> {
    this.sent++;
    const url = this.urlFor(req);
    const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    const auth = req.auth ?? 'token';
    const redact = this.options.redactor;
    // Most requests carry the run's token and no further headers: those header sets are built once.
    const { wire: headers, recorded, transformRequest } = auth === 'token' && req.headers === undefined ? this.usual[body === undefined ? 'noBody' : 'withBody'] : this.headersFor(auth, body !== undefined, req.headers);

    const startedAt = new Date();
    const t0 = performance.now();
    const exchange: Exchange = {
      seq: ++this.seq,
      label: req.label,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      request: { method: req.method, url: redact.text(url), headers: { ...recorded }, ...(body !== undefined ? { body: redact.text(body) } : {}) },
    };
    let waited = 0;
    // Time spent waiting for the run's limiter is the harness's, not the endpoint's.
    let queued = 0;
    let resent = false;
    for (let attempt = 0; ; attempt++) {
      const queuedAt = performance.now();
      const ticket = await this.options.gate?.acquire({ method: req.method, path: req.path, ...(req.chain !== undefined ? { chain: req.chain } : {}) });
      queued += performance.now() - queuedAt;
      const refused = this.refusal();
      if (refused) {
        ticket?.release();
        exchange.error = refused;
        break;
      }
      let outcome;
      try {
        for (const agent of this.agents) {
          const closing = closeStaleSockets(agent);
          if (closing) await closing;
        }
        outcome = await this.attempt({ method: req.method, url, headers, data: body, ...(transformRequest ? { transformRequest } : {}) });
      } finally {
        ticket?.release();
      }
      if ('error' in outcome) {
        // A kept-alive connection the endpoint closed as this request went out on it: Node's advice is
        // to send an idempotent request again, once, on a new connection. A write (POST, PUT, PATCH,
        // DELETE) may have been acted on, and its error stands.
        if (outcome.reusedConnectionReset && !resent && req.method === 'GET') {
          resent = true;
          attempt--;
          continue;
        }
        exchange.error = outcome.error;
        break;
      }
      const wait = retryWait(outcome.status, outcome.headers, attempt, waited, this.options.deadlineAt);
      if (wait === undefined) {
        exchange.response = toRecordedResponse(outcome.status, outcome.headers, outcome.data, redact);
        this.answered.count++;
        this.answered.totalMs += performance.now() - t0 - waited;
        break;
      }
      waited += wait;
      this.options.onRetry?.(wait);
      this.options.gate?.pause?.(wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    exchange.durationMs = Math.round((performance.now() - t0 - queued) * 10) / 10;
    this.options.onExchange?.(exchange);
    return exchange;
  }

  /** One request under one total timer (headers and body), cut short by the run's deadline. */
  private async attempt(config: AxiosRequestConfig<string | undefined>): Promise<{ status: number; headers: Record<string, unknown>; data: unknown } | { error: { code: string; message: string }; reusedConnectionReset?: boolean }> {
    const controller = new AbortController();
    const untilDeadline = this.options.deadlineAt === undefined ? Infinity : this.options.deadlineAt - Date.now();
    const why: Abort = untilDeadline < this.options.timeoutMs ? 'deadline' : 'timeout';
    const timer = setTimeout(() => controller.abort(), Math.max(0, Math.min(this.options.timeoutMs, untilDeadline)));
    try {
      const res = await this.axios.request<string>({ ...config, signal: controller.signal });
      return { status: res.status, headers: res.headers as Record<string, unknown>, data: res.data };
    } catch (err) {
      if (controller.signal.aborted) {
        return {
          error: why === 'deadline' ? { code: 'DEADLINE', message: "aborted: the run's deadline (--deadline) was reached" } : { code: 'TIMEOUT', message: `no complete response within ${this.options.timeoutMs} ms` },
        };
      }
      const reusedConnectionReset = err instanceof AxiosError && err.code === 'ECONNRESET' && (err.request as { reusedSocket?: boolean } | undefined)?.reusedSocket === true;
      return { error: describeTransportError(err, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, this.options.redactor), ...(reusedConnectionReset ? { reusedConnectionReset } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether axios would find a proxy in the environment (the variables proxy-from-env reads, any case). */
export function envProxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['http_proxy', 'https_proxy', 'all_proxy'].some((name) => Boolean(env[name] || env[name.toUpperCase()]));
}

/**
 * The same client (same connections, counters and exchange numbers) with every request it sends
 * marked as part of `chain`, for code that sends through a ScimClient it is handed (read-backs, clean-up).
 */
export function withChain(client: ScimClient, chain: string): ScimClient {
  return Object.create(client, { send: { value: (req: ScimRequest) => client.send({ ...req, chain: req.chain ?? chain }) } }) as ScimClient;
}

/** How long to wait before retrying, or undefined when the answer stands (not 429/503, or no budget left). */
export function retryWait(status: number, headers: Record<string, unknown>, attempt: number, waitedMs: number, deadlineAt?: number, now = Date.now()): number | undefined {
  if ((status !== 429 && status !== 503) || attempt >= RETRY.attempts) return undefined;
  const raw = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const asked = raw === undefined ? undefined : parseRetryAfter(String(raw), now);
  const wait = Math.min(asked ?? RETRY.defaultWaitMs * 2 ** attempt, RETRY.maxWaitMs);
  if (waitedMs + wait > RETRY.maxTotalWaitMs) return undefined;
  if (deadlineAt !== undefined && now + wait >= deadlineAt) return undefined;
  return wait;
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How deep a JSON text nests, counted without recursion; stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Whether the text holds more than `limit` opening brackets, strings included: only then can it nest
 * deeper than `limit`. Counted with indexOf, far cheaper than jsonDepth's scan of every character.
 */
export function bracketsExceed(text: string, limit: number): boolean {
  let n = 0;
  for (const bracket of ['{', '[']) for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) if (++n > limit) return true;
  return false;
}

function toRecordedResponse(status: number, rawHeaders: Record<string, unknown>, data: unknown, redact: Redactor): RecordedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const fullText = redact.text(typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data));
  const bodyText = fullText.length > RECORDED_BODY_CHARS ? `${fullText.slice(0, RECORDED_BODY_CHARS)}\n… [recording cut by scim-conformance: ${fullText.length} characters in all]` : fullText;
  const res: RecordedResponse = { status, headers: redact.headers(headers), bodyText };
  if (fullText.trim() !== '') {
    // Deep nesting would overflow the stack of every later JSON.stringify (reports, run context).
    if (bracketsExceed(fullText, MAX_JSON_DEPTH) && jsonDepth(fullText) > MAX_JSON_DEPTH) res.jsonError = `JSON nested deeper than ${MAX_JSON_DEPTH} levels; kept as text, not parsed`;
    else {
      try {
        res.json = JSON.parse(fullText);
      } catch (err) {
        res.jsonError = (err as Error).message;
      }
    }
  }
  return res;
}

function describeTransportError(err: unknown, maxBytes: number, redact: Redactor): { code: string; message: string } {
  if (err instanceof AxiosError) {
    const code = err.code ?? 'ERR_NETWORK';
    if (/maxContentLength/.test(err.message)) return { code: 'TOO_LARGE', message: `response body larger than ${maxBytes} bytes (--max-response-bytes); the rest was not read` };
    if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(err.message)) {
      return { code: 'TLS', message: 'the TLS handshake failed: the server does not answer TLS on this port (an https:// URL for a plain http:// port?)' };
    }
    return { code, message: redact.text(err.message) };
  }
  return { code: 'ERROR', message: redact.text(err instanceof Error ? err.message : String(err)) };
}

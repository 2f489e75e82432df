// The one HTTP client. It sends requests shaped like Entra's (entra-requests.md §1): compact JSON,
// `application/scim+json; charset=utf-8` on bodies only, no Accept and no User-Agent (Test Connection
// arrives with neither), and records every exchange, redacted, for checks and reports.
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type RawAxiosRequestHeaders } from 'axios';
import type { Exchange, HttpMethod, RecordedResponse } from './exchange';
import { formQuery } from './encode';
import type { Redactor } from './redact';

export const SCIM_BODY_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type Auth = 'token' | 'none' | { bearer: string };

export interface ScimRequest {
  method: HttpMethod;
  /** Path relative to the base URL, starting with '/', already percent-encoded where needed. */
  path: string;
  query?: ReadonlyArray<readonly [string, string]>;
  /** Serialised as compact JSON. */
  body?: unknown;
  /** Sent verbatim instead of `body` (malformed-body tests). */
  rawBody?: string;
  auth?: Auth;
  /** Further request headers, e.g. If-Match / If-None-Match (RFC 7644 §3.14). */
  headers?: Readonly<Record<string, string>>;
  label: string;
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  redactor: Redactor;
  /** Called with every recorded exchange (already redacted). */
  onExchange?: (exchange: Exchange) => void;
}

export class ScimClient {
  private readonly axios: AxiosInstance;
  private seq = 0;

  constructor(private readonly options: ClientOptions) {
    this.axios = axios.create({
      validateStatus: () => true, // checks judge statuses, not axios
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      timeout: options.timeoutMs,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
    });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  urlFor(req: Pick<ScimRequest, 'path' | 'query'>): string {
    const query = req.query && req.query.length > 0 ? `?${formQuery(req.query)}` : '';
    return `${this.options.baseUrl}${req.path}${query}`;
  }

  async send(req: ScimRequest): Promise<Exchange> {
    const url = this.urlFor(req);
    const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    const sent: Record<string, string> = {};
    const auth = req.auth ?? 'token';
    if (auth === 'token') sent['Authorization'] = `Bearer ${this.options.token}`;
    else if (auth !== 'none') sent['Authorization'] = `Bearer ${auth.bearer}`;
    if (body !== undefined) sent['Content-Type'] = SCIM_BODY_CONTENT_TYPE;
    for (const [name, value] of Object.entries(req.headers ?? {})) sent[name] = value;
    // null removes axios' defaults, so only the headers above go on the wire.
    const headers: RawAxiosRequestHeaders = { Accept: null, 'User-Agent': null, 'Accept-Encoding': null, ...sent };

    const startedAt = new Date();
    const t0 = performance.now();
    const redact = this.options.redactor;
    const exchange: Exchange = {
      seq: ++this.seq,
      label: req.label,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      request: { method: req.method, url: redact.text(url), headers: redact.headers(sent), ...(body !== undefined ? { body: redact.text(body) } : {}) },
    };
    try {
      const res = await this.axios.request<string>({ method: req.method, url, headers, data: body });
      exchange.response = toRecordedResponse(res.status, res.headers as Record<string, unknown>, res.data, redact);
    } catch (err) {
      exchange.error = describeTransportError(err, this.options.timeoutMs, redact);
    }
    exchange.durationMs = Math.round((performance.now() - t0) * 10) / 10;
    this.options.onExchange?.(exchange);
    return exchange;
  }
}

function toRecordedResponse(status: number, rawHeaders: Record<string, unknown>, data: unknown, redact: Redactor): RecordedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const bodyText = redact.text(typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data));
  const res: RecordedResponse = { status, headers: redact.headers(headers), bodyText };
  if (bodyText.trim() !== '') {
    try {
      res.json = JSON.parse(bodyText);
    } catch (err) {
      res.jsonError = (err as Error).message;
    }
  }
  return res;
}

function describeTransportError(err: unknown, timeoutMs: number, redact: Redactor): { code: string; message: string } {
  if (err instanceof AxiosError) {
    const code = err.code ?? 'ERR_NETWORK';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return { code: 'TIMEOUT', message: `no response within ${timeoutMs} ms` };
    }
    return { code, message: redact.text(err.message) };
  }
  return { code: 'ERROR', message: redact.text(err instanceof Error ? err.message : String(err)) };
}

// One HTTP request and what came back, as recorded (already redacted).

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RecordedRequest {
  method: HttpMethod;
  /** Absolute URL exactly as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Raw body text ('' when there is none). */
  bodyText: string;
  /** Parsed body when it is JSON; undefined when empty or not JSON. */
  json?: unknown;
  /** Why the body could not be parsed as JSON, when it is non-empty and not JSON. */
  jsonError?: string;
}

export interface Exchange {
  seq: number;
  /** What this request is for, e.g. "users.provision / create". */
  label: string;
  startedAt: string;
  durationMs: number;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Transport failure: no HTTP response at all (refused, reset, timeout, TLS). */
  error?: { code: string; message: string };
}

export function header(res: RecordedResponse | undefined, name: string): string | undefined {
  if (!res) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(res.headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** "GET /Users?filter=... -> 200" for logs and titles. */
export function describeExchange(ex: Exchange): string {
  const outcome = ex.response ? String(ex.response.status) : `no response (${ex.error?.code ?? 'error'})`;
  return `${ex.request.method} ${ex.request.url} -> ${outcome}`;
}

/** Status line, headers and body of the response (or the transport error), body cut at maxBody chars. */
export function renderResponse(ex: Exchange, maxBody = 8000): string {
  const res = ex.response;
  if (!res) return `no response: ${ex.error?.code ?? 'error'} ${ex.error?.message ?? ''}`.trim();
  const headers = Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  const body = res.bodyText.length > maxBody ? `${res.bodyText.slice(0, maxBody)}\n… (${res.bodyText.length} chars in all)` : res.bodyText;
  return `HTTP ${res.status}\n${headers}\n\n${body}`;
}

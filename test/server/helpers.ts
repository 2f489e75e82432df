// Shared helpers for the reference server's tests: start a server, talk to it with fetch, or with
// node:http when a test needs exact control over which headers are (not) sent.
import http from 'node:http';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../src/server';

export const TOKEN = 'test-token-9f2c';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any;
}

export class Client {
  constructor(
    readonly baseUrl: string,
    /** null: send no Authorization header. */
    readonly token: string | null = TOKEN,
  ) {}

  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.token !== null && !('Authorization' in h)) h.Authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (!('Content-Type' in h)) h['Content-Type'] = SCIM_JSON;
    }
    const r = await fetch(this.baseUrl + path, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await r.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: r.status, headers: r.headers, text, body: parsed };
  }

  get(path: string, headers?: Record<string, string>): Promise<Res> {
    return this.req('GET', path, undefined, headers);
  }
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Res> {
    return this.req('POST', path, body, headers);
  }
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Res> {
    return this.req('PUT', path, body, headers);
  }
  patch(path: string, ops: unknown[], headers?: Record<string, string>): Promise<Res> {
    return this.req('PATCH', path, { schemas: [PATCH_URN], Operations: ops }, headers);
  }
  delete(path: string, headers?: Record<string, string>): Promise<Res> {
    return this.req('DELETE', path, undefined, headers);
  }

  /** Creates a user and returns its id (fails the test on anything but 200/201). */
  async createUser(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/Users', { schemas: [USER_URN], userName, active: true, ...extra });
    if (r.status !== 201 && r.status !== 200) throw new Error(`createUser ${r.status} ${r.text}`);
    return r.body?.id ?? (await this.findUser(userName)).id;
  }

  async findUser(userName: string): Promise<any> {
    const r = await this.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    return r.body.Resources[0];
  }

  async createGroup(displayName: string, members: string[] = []): Promise<string> {
    const r = await this.post('/Groups', {
      schemas: [GROUP_URN],
      displayName,
      ...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`createGroup ${r.status} ${r.text}`);
    return r.body.id;
  }

  async seedUser(): Promise<any> {
    return this.findUser('seed.user@reference.test');
  }

  async seedGroup(): Promise<any> {
    const r = await this.get(`/Groups?filter=${encodeURIComponent('displayName eq "Seed Group"')}`);
    return r.body.Resources[0];
  }
}

/** Starts a server for the duration of fn. */
export async function withServer<T>(
  opts: Partial<ReferenceServerOptions>,
  fn: (c: Client, server: ReferenceServer) => Promise<T>,
): Promise<T> {
  const server = await startReferenceServer({ token: TOKEN, ...opts });
  try {
    return await fn(new Client(server.baseUrl), server);
  } finally {
    await server.close();
  }
}

export interface RawRes {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request with exactly the given headers (fetch would add Accept and User-Agent). */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawRes> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const q = (filter: string): string => encodeURIComponent(filter);

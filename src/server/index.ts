// The embedded reference SCIM 2.0 server: the CLI's default target and, through named fault switches
// (faults.ts), the proof that each conformance check can fail; through variation switches
// (variations.ts), the proof that allowed behaviours fail none. Listens on 127.0.0.1 only.

import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ScimApp } from './http';
import { parseFaultNames, type FaultName } from './faults';
import { hooksFor } from './switches';
import { tlsServerOptions } from './switches/tls';
import { parseVariationNames, type VariationName } from './variations';

export { FAULTS, parseFaultNames, type FaultName } from './faults';
export { VARIATIONS, VARIATION_SCOPE, parseVariationNames, type VariationName } from './variations';

export interface ReferenceServerOptions {
  /** The bearer token the server accepts. */
  token: string;
  /** Fault switches to turn on; default none (a correct server). */
  faults?: readonly FaultName[];
  /** Variation switches to turn on; default none. They combine freely with faults. */
  variations?: readonly VariationName[];
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default '/scim/v2'. */
  basePath?: string;
  /** Default true: one pre-existing user and group the harness must never modify (see seedData). */
  seed?: boolean;
  /**
   * Serve https:// with the test CA's localhost certificate (fixtures/tls/, TEST ONLY). A tls-* fault
   * switch turns https on by itself, with its own certificate or protocol settings.
   */
  https?: boolean;
}

export interface ReferenceServer {
  /** e.g. 'http://127.0.0.1:43121/scim/v2', no trailing slash. */
  readonly baseUrl: string;
  readonly faults: ReadonlySet<FaultName>;
  readonly variations: ReadonlySet<VariationName>;
  /** Deep copies of the stored resources, rendered as GET would return them on a clean server. */
  snapshot(): { users: unknown[]; groups: unknown[] };
  readonly requestCount: number;
  /** Closes the listener and every keep-alive socket. */
  close(): Promise<void>;
}

export const SEED_USER_NAME = 'seed.user@reference.test';
export const SEED_GROUP_NAME = 'Seed Group';

export async function startReferenceServer(opts: ReferenceServerOptions): Promise<ReferenceServer> {
  if (typeof opts.token !== 'string' || opts.token === '') throw new Error('startReferenceServer: a non-empty token is required');
  // Validated even when typed, since JavaScript callers and config files reach here too.
  const faults: ReadonlySet<FaultName> = new Set(parseFaultNames(opts.faults ?? []));
  const variations: ReadonlySet<VariationName> = new Set(parseVariationNames(opts.variations ?? []));
  const basePath = normaliseBasePath(opts.basePath ?? '/scim/v2');
  const app = new ScimApp({ token: opts.token, basePath, hooks: hooksFor([...faults, ...variations]) });
  if (opts.seed ?? true) seedData(app);

  const tlsOptions = tlsServerOptions(faults, opts.https === true);
  const server = tlsOptions ? createHttpsServer(tlsOptions, app.handle) : createServer(app.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  app.baseUrl = `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}${basePath}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: app.baseUrl,
    faults: new Set(faults), // copies: callers cannot switch faults or variations on a running server
    variations: new Set(variations),
    snapshot: () => ({
      users: app.store.list('User').map((r) => app.render(r)),
      groups: app.store.list('Group').map((r) => app.render(r)),
    }),
    get requestCount() {
      return app.requestCount;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      })),
  };
}

function normaliseBasePath(p: string): string {
  const trimmed = p.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Pre-existing data the harness did not create: it must never modify or delete it. */
function seedData(app: ScimApp): void {
  const user = app.store.create('User', {
    userName: SEED_USER_NAME,
    externalId: 'seed-user',
    displayName: 'Seed User',
    name: { formatted: 'Seed User', familyName: 'User', givenName: 'Seed' },
    active: true,
    emails: [{ value: SEED_USER_NAME, type: 'work', primary: true }],
  });
  app.store.create('Group', { displayName: SEED_GROUP_NAME, members: [{ value: user.id, type: 'User' }] });
}

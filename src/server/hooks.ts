// The reference server's extension points. The handlers and engines are a plain, correct SCIM server;
// fault and variation switches (switches/) change its behaviour only through these hooks. Each engine
// declares the hooks it calls (QueryHooks, NormaliseHooks, PatchHooks, StoreHooks, EvalOptions); the
// HTTP layer's own are below. `Hooks` is their union: what one switch provides, and what the server
// runs once the enabled switches are composed (switches/compose.ts).
//
// Types only: engines never import this module, so there is no import cycle.

import type { IncomingHttpHeaders } from 'node:http';
import type { Features } from './discovery';
import type { EvalOptions } from './filter';
import type { JsonObject } from './json';
import type { QueryHooks } from './list';
import type { NormaliseHooks } from './normalise';
import type { PatchHooks } from './patch';
import type { ResourceTypeDef } from './schema-defs';
import type { Store, StoredResource, StoreHooks } from './store';

/** What a handler answers; the HTTP layer writes it. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** An HTML body (Content-Type text/html) instead of JSON. */
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestInfo {
  /** Upper-case. */
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** URL-decoded path segments below the base path (['Users', '2819c223']); undefined outside it. */
  readonly segments: readonly string[] | undefined;
  /** A query parameter, its name matched case-insensitively. */
  param(name: string): string | undefined;
}

/** The outcome of checking the Authorization header. */
export type AuthVerdict = 'valid' | 'missing' | 'not-bearer' | 'invalid';

/** `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5). */
export interface Projection {
  readonly attributes: string[] | undefined;
  readonly excluded: string[] | undefined;
}

export type ResourceOp = 'list' | 'get' | 'create' | 'replace' | 'patch' | 'delete';

export interface OutputContext {
  readonly rt: ResourceTypeDef;
  readonly rec: StoredResource;
  /** The operation whose response carries the resource. */
  readonly op: ResourceOp;
  readonly projection: Projection;
  /** A fresh copy of the full (unprojected) representation. */
  full(): JsonObject;
  /** The ids of every stored resource of the type, oldest first. */
  ids(): string[];
}

export interface WriteContext {
  readonly rt: ResourceTypeDef;
  readonly op: 'create' | 'replace' | 'patch';
  /** The attributes stored before the operation (replace, patch). */
  readonly stored: JsonObject | undefined;
}

/** A PATCH request about to be applied to one stored resource. */
export interface PatchTransaction {
  readonly rt: ResourceTypeDef;
  readonly body: unknown;
  /** The stored attributes now. */
  stored(): JsonObject;
  /** Applies a PatchOp body to the stored attributes (all or nothing) and returns the result, unstored. */
  apply(body: unknown): JsonObject;
  /** Stores attributes at once. */
  commit(data: JsonObject): void;
}

export interface DeleteContext {
  readonly rt: ResourceTypeDef;
  readonly rec: StoredResource;
  readonly store: Store;
  /** The resource as a GET would return it. */
  output(): JsonObject;
}

export type DiscoveryKind = 'ServiceProviderConfig' | 'ResourceType' | 'Schema';

export interface HttpHooks {
  /** Who is let in: may overrule the verdict, or answer at once (e.g. 403). Runs before routing. */
  authenticate?(verdict: AuthVerdict, req: RequestInfo): AuthVerdict | Reply;
  /** Runs after authentication, before routing; throw a ScimError to refuse the request. */
  onRequest?(req: RequestInfo): void;
  /** Parses a JSON request body; `parse` is the server's own (400 invalidSyntax on bad JSON). */
  parseBody?(text: string, parse: (text: string) => unknown): unknown;
  /** The JSON object of a POST (create) body, before it is normalised; throw to refuse it. `store` is this server's. */
  createBody?(body: JsonObject, rt: ResourceTypeDef, store: Store): JsonObject;
  /** The normalised attributes a create, replace or patch is about to store. */
  onWrite?(data: JsonObject, ctx: WriteContext): JsonObject;
  /** Wraps applying a PATCH; `next()` applies it all or nothing and returns the attributes to store. */
  patchTransaction?(tx: PatchTransaction, next: () => JsonObject): JsonObject;
  /** Wraps a DELETE of an existing resource; `next()` deletes it and answers 204. */
  deleteResource?(d: DeleteContext, next: () => Reply): Reply;
  /** A resource as it goes into a response (after projection). */
  onResource?(resource: JsonObject, ctx: OutputContext): JsonObject;
  /** A discovery document (also each item of the /ResourceTypes and /Schemas lists). */
  discovery?(doc: JsonObject, kind: DiscoveryKind): JsonObject;
  /** Every reply, errors included, just before it is written. */
  onReply?(reply: Reply, req: RequestInfo): Reply;
  /** Optional features the server does not implement (ServiceProviderConfig follows). */
  features?: Partial<Features>;
}

export type Hooks = HttpHooks & QueryHooks & EvalOptions & NormaliseHooks & PatchHooks & StoreHooks;

// In-memory resource store. Insertion order (a Map) is the stable creation order lists use when unsorted.
// Node serves one request at a time synchronously once its body is read, so no locking is needed.

import { randomUUID } from 'node:crypto';
import { ScimError } from './errors';
import { clone, deepEqual, type JsonObject } from './json';
import { RESOURCE_TYPES, schemaById, type AttrDef, type ResourceTypeName } from './schema-defs';

/** Extension points of the store: what a database underneath would decide. */
export interface StoreHooks {
  /** The attributes about to be written (create and every update); returns what is stored, may throw. */
  storeWrite?(type: ResourceTypeName, data: JsonObject): JsonObject;
  /** The id of a new resource; default a random UUID. Must be unique across both resource types. */
  newId?(type: ResourceTypeName): string;
  /** The attributes kept unique; default those with uniqueness "server" in the core schema. */
  uniqueAttributes?(type: ResourceTypeName, defs: readonly AttrDef[]): readonly AttrDef[];
}

export interface StoredResource {
  readonly id: string;
  readonly type: ResourceTypeName;
  readonly created: string;
  lastModified: string;
  /** Incremented on every change; the ETag is W/"<version>" (RFC 7644 §3.14). */
  version: number;
  /** Attributes in stored form: canonical names, extensions under their URN, no id/meta/schemas. */
  data: JsonObject;
}

export const etagOf = (r: StoredResource): string => `W/"${r.version}"`;

export class Store {
  private readonly maps: Record<ResourceTypeName, Map<string, StoredResource>> = { User: new Map(), Group: new Map() };

  constructor(private readonly hooks: StoreHooks = {}) {}

  list(type: ResourceTypeName): StoredResource[] {
    return [...this.maps[type].values()];
  }

  get(type: ResourceTypeName, id: string): StoredResource | undefined {
    return this.maps[type].get(id);
  }

  /** The type of the resource with this id, if one exists (group member references). */
  typeOf(id: string): ResourceTypeName | undefined {
    if (this.maps.User.has(id)) return 'User';
    if (this.maps.Group.has(id)) return 'Group';
    return undefined;
  }

  create(type: ResourceTypeName, input: JsonObject): StoredResource {
    const data = this.hooks.storeWrite ? this.hooks.storeWrite(type, input) : input;
    this.checkUnique(type, data, undefined);
    const now = new Date().toISOString();
    const rec: StoredResource = { id: this.hooks.newId?.(type) ?? randomUUID(), type, created: now, lastModified: now, version: 1, data: clone(data) };
    this.maps[type].set(rec.id, rec);
    return rec;
  }

  /** Replaces the stored attributes; version and lastModified move only when something changed. */
  update(rec: StoredResource, input: JsonObject): StoredResource {
    const data = this.hooks.storeWrite ? this.hooks.storeWrite(rec.type, input) : input;
    this.checkUnique(rec.type, data, rec.id);
    if (!deepEqual(rec.data, data)) {
      rec.data = clone(data);
      rec.version += 1;
      // Strictly later than before, even within the same millisecond, so `meta.lastModified gt` works.
      rec.lastModified = new Date(Math.max(Date.now(), Date.parse(rec.lastModified) + 1)).toISOString();
    }
    return rec;
  }

  /** Deletes a resource and its memberships. */
  delete(type: ResourceTypeName, id: string): boolean {
    if (!this.deleteRow(type, id)) return false;
    // A deleted resource is no longer anybody's member (RFC 7643 §4.2: members reference existing resources).
    this.removeMemberEverywhere(id);
    return true;
  }

  /** Deletes the resource alone, leaving references to it in groups. */
  deleteRow(type: ResourceTypeName, id: string): boolean {
    return this.maps[type].delete(id);
  }

  removeMemberEverywhere(id: string): void {
    for (const g of this.maps.Group.values()) {
      const members = g.data.members;
      if (!Array.isArray(members) || !members.some((m: JsonObject) => m.value === id)) continue;
      const rest = members.filter((m: JsonObject) => m.value !== id);
      const data = { ...g.data };
      if (rest.length > 0) data.members = rest;
      else delete data.members;
      this.update(g, data);
    }
  }

  /** Groups whose members include `id` (for the readOnly User "groups" attribute, RFC 7643 §4.1.2). */
  groupsOf(id: string): StoredResource[] {
    return this.list('Group').filter((g) => Array.isArray(g.data.members) && g.data.members.some((m: JsonObject) => m.value === id));
  }

  /**
   * Attributes with uniqueness "server" in the core schema (userName, Group displayName) are unique
   * among resources of the type, case-insensitively unless caseExact (RFC 7643 §2.2, §7; Entra §5 rule 17).
   */
  private checkUnique(type: ResourceTypeName, data: JsonObject, selfId: string | undefined): void {
    const declared = (schemaById(RESOURCE_TYPES[type].schema)?.attributes ?? []).filter((a) => a.uniqueness !== 'none' && a.type === 'string');
    const unique = this.hooks.uniqueAttributes ? this.hooks.uniqueAttributes(type, declared) : declared;
    for (const def of unique) {
      const value = data[def.name];
      if (typeof value !== 'string') continue;
      const norm = (s: string): string => (def.caseExact ? s : s.toLowerCase());
      for (const other of this.maps[type].values()) {
        const v = other.data[def.name];
        if (other.id !== selfId && typeof v === 'string' && norm(v) === norm(value)) {
          throw new ScimError(409, `A ${type} with ${def.name} ${JSON.stringify(value)} already exists`, 'uniqueness');
        }
      }
    }
  }
}

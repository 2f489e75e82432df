// In-memory resource store. Insertion order (a Map) is the stable creation order lists use when unsorted.
// Node serves one request at a time synchronously once its body is read, so no locking is needed.

import { randomUUID } from 'node:crypto';
import { ScimError } from './errors';
import type { FaultName } from './faults';
import { clone, deepEqual, type JsonObject } from './json';
import { RESOURCE_TYPES, schemaById, type ResourceTypeName } from './schema-defs';

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

  constructor(private readonly faults: ReadonlySet<FaultName>) {}

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

  create(type: ResourceTypeName, data: JsonObject): StoredResource {
    this.asciiColumnFault(type, data); // property suites
    this.checkUnique(type, data, undefined);
    const now = new Date().toISOString();
    const rec: StoredResource = { id: randomUUID(), type, created: now, lastModified: now, version: 1, data: clone(data) };
    this.maps[type].set(rec.id, rec);
    return rec;
  }

  /** Replaces the stored attributes; version and lastModified move only when something changed. */
  update(rec: StoredResource, data: JsonObject): StoredResource {
    this.asciiColumnFault(rec.type, data); // property suites
    this.checkUnique(rec.type, data, rec.id);
    if (!deepEqual(rec.data, data)) {
      rec.data = clone(data);
      rec.version += 1;
      // Strictly later than before, even within the same millisecond, so `meta.lastModified gt` works.
      rec.lastModified = new Date(Math.max(Date.now(), Date.parse(rec.lastModified) + 1)).toISOString();
    }
    return rec;
  }

  delete(type: ResourceTypeName, id: string): boolean {
    if (!this.maps[type].delete(id)) return false;
    // A deleted resource is no longer anybody's member (RFC 7643 §4.2: members reference existing resources).
    if (!(type === 'User' && this.faults.has('user-delete-keeps-membership'))) this.removeMemberEverywhere(id);
    return true;
  }

  // property suites: 'user-non-ascii-500' fails the way an ASCII-only database column does, with an
  // unhandled error (the HTTP layer turns it into a 500).
  private asciiColumnFault(type: ResourceTypeName, data: JsonObject): void {
    if (type !== 'User' || !this.faults.has('user-non-ascii-500')) return;
    if (/[^\x00-\x7f]/.test(JSON.stringify(data))) throw new Error('String data, right truncation: value contains characters outside the column character set');
  }

  private removeMemberEverywhere(id: string): void {
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
    if (type === 'Group' && this.faults.has('group-duplicate-name-allowed')) return;
    const unique = (schemaById(RESOURCE_TYPES[type].schema)?.attributes ?? []).filter((a) => a.uniqueness !== 'none' && a.type === 'string');
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

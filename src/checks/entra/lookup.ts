// Entra interoperability checks for matching precision and for re-creating what was deleted
// (entra-requests.md §3.3, §3.7, §3.11; R-02, R-04, R-10, R-12, R-13, R-17).
import { describeResponse, expectCreatedId, expectedId, idOf, isObject, listOf, responseOf } from '../assert';
import { DOCS } from '../references';
import { defineCheck, type CheckContext } from '../types';
import { precondition, violation } from '../violation';

/**
 * Whether a filter attribute compares case-exactly (RFC 7643 §4.1.1, §3.1, §4.2, §8.7.1): userName,
 * displayName and e-mail values are caseExact false; externalId is caseExact true. Lower-case keys.
 */
const CASE_EXACT: Readonly<Record<string, boolean>> = {
  username: false,
  displayname: false,
  externalid: true,
  'emails[type eq "work"].value': false,
};

interface EqFilter {
  /** The attribute as written in the filter. */
  attr: string;
  value: string;
}

/** The `<attr> eq "<value>"` filter of the request (Entra's lookups send no other), if it is one. */
function eqFilterOf(ctx: CheckContext): EqFilter | undefined {
  const text = new URL(ctx.exchange.request.url).searchParams.get('filter');
  const m = text === null ? null : /^\s*(.+?)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(text);
  if (!m) return undefined;
  try {
    return { attr: m[1]!, value: JSON.parse(m[2]!) as string };
  } catch {
    return undefined;
  }
}

function keyCI(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** The values a resource has for the filter's attribute; undefined when it does not return the attribute. */
function valuesFor(resource: Record<string, unknown>, attr: string): string[] | undefined {
  if (attr.toLowerCase() === 'emails[type eq "work"].value') {
    const emails = keyCI(resource, 'emails');
    if (!Array.isArray(emails)) return undefined;
    return emails.filter((e) => isObject(e) && String(keyCI(e, 'type') ?? '').toLowerCase() === 'work').map((e) => String(keyCI(e as Record<string, unknown>, 'value')));
  }
  const v = keyCI(resource, attr);
  return typeof v === 'string' ? [v] : undefined;
}

/**
 * Entra's matching lookup: at most one result (exactly the expected resource when the step names its
 * id), and every result has the filter value for the filtered attribute, compared as the attribute's
 * caseExact says. A result that merely starts with, ends with or contains the value is a wrong match.
 */
function expectExactMatch(ctx: CheckContext, kind: 'user' | 'group'): void {
  const list = listOf(ctx.exchange);
  const filter = eqFilterOf(ctx);
  const ids = list.resources.map(idOf);
  const shown = (r: unknown): string => {
    if (!isObject(r)) return JSON.stringify(r);
    const values = filter ? valuesFor(r, filter.attr) : undefined;
    return `${JSON.stringify(r['id'])}${values ? ` (${filter!.attr} ${JSON.stringify(values.length === 1 ? values[0] : values)})` : ''}`;
  };
  const total = typeof list.totalResults === 'number' ? list.totalResults : list.resources.length;
  if (list.resources.length > 1 || total > 1) {
    violation(
      `one ${kind} whose ${filter?.attr ?? 'matching attribute'} equals ${JSON.stringify(filter?.value ?? '')}`,
      `"totalResults": ${JSON.stringify(list.totalResults)}, ${list.resources.length} resource(s): ${list.resources.map(shown).join(', ')}. Entra fails the ${kind} with DuplicateTargetEntries (more than one match) and never provisions it`,
    );
  }
  if (filter) {
    const exact = CASE_EXACT[filter.attr.toLowerCase()];
    const norm = (s: string): string => (exact === false ? s.toLowerCase() : s);
    for (const r of list.resources.filter(isObject)) {
      const values = valuesFor(r, filter.attr);
      if (values !== undefined && !values.some((v) => norm(v) === norm(filter.value))) {
        violation(
          `only a ${kind} whose ${filter.attr} equals ${JSON.stringify(filter.value)}${exact === false ? ' (ignoring case: caseExact false)' : ''}`,
          `${shown(r)}: Entra takes it as the match and writes the ${kind} it is provisioning over another ${kind}`,
        );
      }
    }
  }
  if (ctx.expect.id !== undefined && (list.resources.length !== 1 || ids[0] !== expectedId(ctx))) {
    violation(`exactly one ${kind}, id ${JSON.stringify(expectedId(ctx))}`, `"totalResults": ${JSON.stringify(list.totalResults)}, ids ${JSON.stringify(ids)}`);
  }
}

/**
 * Entra creates the resource again only once its DELETE succeeded and the lookup before the create
 * found nothing; otherwise a 409 is the endpoint telling the truth (the resource is still there), which
 * entra.*.delete.accepted, entra.*.delete.gone and entra.*.lookup.no-match judge, so this check is blocked.
 */
function requireDeletedAndUnmatched(ctx: CheckContext, kind: 'user' | 'group'): void {
  const earlier = ctx.earlier ?? [];
  const delIndex = earlier.map((e) => e.exchange.request.method).lastIndexOf('DELETE');
  // Without the create and DELETE before it (they did not run), this create is no re-creation.
  if (delIndex < 0) precondition(`the ${kind} to have been created and deleted before this create`, 'no DELETE was sent in this sequence');
  const del = earlier[delIndex]!;
  const delRes = del.exchange.response;
  if (!delRes || delRes.status < 200 || delRes.status > 299) {
    precondition(`the ${kind}'s DELETE (step ${del.step}) to succeed`, delRes ? describeResponse(delRes) : `no response (${del.exchange.error?.code ?? 'error'})`, del.step);
  }
  const lookup = earlier.slice(delIndex + 1).filter((e) => e.exchange.request.method === 'GET').pop();
  const body = lookup?.exchange.response?.json;
  const resources = isObject(body) && Array.isArray(body['Resources']) ? body['Resources'] : [];
  if (lookup && (resources.length > 0 || (isObject(body) && typeof body['totalResults'] === 'number' && body['totalResults'] > 0))) {
    precondition(`the lookup after the DELETE (step ${lookup.step}) to find nothing, so that Entra creates the ${kind} again`, `it listed ${resources.map(idOf).map((id) => JSON.stringify(id)).join(', ') || `"totalResults": ${JSON.stringify((body as Record<string, unknown>)['totalResults'])}`}`, lookup.step);
  }
}

/** A create of a name whose previous holder was deleted: a 409 is Entra's EntryConflict. */
function expectRecreated(ctx: CheckContext, kind: 'user' | 'group', name: string): void {
  requireDeletedAndUnmatched(ctx, kind);
  const res = responseOf(ctx.exchange);
  if (res.status === 409) {
    violation(
      `HTTP 201 Created: the ${kind} that had this ${name} was deleted (DELETE answered 2xx, the lookup found nothing)`,
      `${describeResponse(res)}. Entra logs EntryConflict and retries the create every cycle; the ${kind} is never provisioned again until the endpoint frees the ${name}`,
    );
  }
  expectCreatedId(ctx.exchange, ctx.identity);
}

const userLookup = { ref: 'Entra: Get user by query (R-02), matching', url: DOCS.entraScim };
const groupLookup = { ref: 'Entra: Get group by displayName (R-12), matching', url: DOCS.entraScim };

export const entraLookupChecks = [
  defineCheck({
    id: 'entra.users.lookup.exact-match',
    title: 'A userName lookup returns only the user whose userName equals the value (no prefix, suffix or substring matches)',
    suite: 'entra',
    requirement: userLookup,
    level: 'MUST',
    quote:
      'Entra matches a user with GET /Users?filter=userName eq "<upn>" and the match must be unique: one result is the matched user, more than one is the error DuplicateTargetEntries (each Entra user must match one application user). eq compares the whole value; userName is caseExact false.',
    provenBy: ['filter-eq-prefix', 'filter-eq-contains', 'filter-ignored'],
    needs: ['id'],
    verify: (ctx) => expectExactMatch(ctx, 'user'),
  }),
  defineCheck({
    id: 'entra.groups.lookup.exact-match',
    title: 'A displayName lookup returns only the group whose displayName equals the value (no prefix or substring matches)',
    suite: 'entra',
    requirement: groupLookup,
    level: 'MUST',
    quote:
      'Groups are matched on displayName, and the endpoint must enforce displayName uniqueness: Entra\'s GET /Groups?excludedAttributes=members&filter=displayName eq "<name>" must return the one group with that name; more than one result is the error DuplicateTargetEntries.',
    provenBy: ['filter-eq-prefix', 'filter-eq-contains', 'filter-ignored'],
    needs: ['id'],
    verify: (ctx) => expectExactMatch(ctx, 'group'),
  }),
  defineCheck({
    id: 'entra.users.rehire.accepted',
    title: 'A user deleted and hired again is created again with the same userName and externalId',
    suite: 'entra',
    requirement: { ref: 'Entra: Delete user (R-10), then lookup (R-02) and create user (R-04) again', url: DOCS.entraLogs },
    level: 'SHOULD',
    quote:
      'After a hard delete Entra deletes the user (R-10); a rehired person gets the same userName, the lookup finds nothing and Entra creates the user again. A POST answered 409 is logged as EntryConflict and retried in a later cycle, so the user is never provisioned while the deleted user holds the name.',
    provenBy: ['username-reserved-after-delete'],
    guardsProvision: true,
    verify: (ctx) => expectRecreated(ctx, 'user', 'userName'),
  }),
  defineCheck({
    id: 'entra.groups.recreate.accepted',
    title: 'A group deleted and created again gets created with the same displayName and externalId',
    suite: 'entra',
    requirement: { ref: 'Entra: Delete group (R-17), then lookup (R-12) and create group (R-13) again', url: DOCS.entraLogs },
    level: 'SHOULD',
    quote:
      'Entra deletes a group that leaves scope (R-17); when a group of that displayName is assigned again, the lookup finds nothing and Entra creates it. A POST answered 409 is logged as EntryConflict and retried in a later cycle, so the group is never provisioned while the deleted group holds the name.',
    provenBy: ['group-name-reserved-after-delete'],
    guardsProvision: true,
    verify: (ctx) => expectRecreated(ctx, 'group', 'displayName'),
  }),
];

// Entra interoperability checks for the enterprise manager reference (entra-requests.md §3.12, R-09).
import { getPath } from '../../scim/path';
import { URN } from '../../scim/urns';
import { expectStatus, isObject, jsonObjectOf } from '../assert';
import { DOCS } from '../references';
import { defineCheck } from '../types';
import { violation } from '../violation';
import { lastPatchShapes, withEntraOnlyNote } from './entra-only';

const MANAGER = `${URN.enterpriseUser}:manager`;
const manager = { ref: 'Entra: Manager reference (R-09)', url: DOCS.entraScim };

/** The manager under the enterprise extension must read back as {"value": want}. */
function expectManager(body: Record<string, unknown>, want: unknown): void {
  const got = getPath(body, MANAGER);
  if (!got.found || !isObject(got.value) || got.value['value'] !== want) {
    violation(`"manager": {"value": ${JSON.stringify(want)}, ...} under ${URN.enterpriseUser}`, `"manager": ${got.found ? JSON.stringify(got.value) : '(absent)'}`);
  }
}

/** The manager under the enterprise extension must be gone. */
function expectNoManager(body: Record<string, unknown>): void {
  const got = getPath(body, MANAGER);
  if (got.found && got.value !== null) violation('no manager', `"manager": ${JSON.stringify(got.value)}`);
}

export const entraManagerChecks = [
  defineCheck({
    id: 'entra.users.manager.read-back',
    title: 'A manager set from a bare id reads back as {"value": id}',
    suite: 'entra',
    requirement: manager,
    level: 'MUST',
    quote: 'Entra sets the manager with the manager\'s id as a plain string; the endpoint must return manager as a complex object with "value", or Entra cannot deserialize the user.',
    provenBy: ['manager-as-string'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      // The manager was sent as a bare id string: RFC 7643 §4.3 defines it as complex.
      withEntraOnlyNote(lastPatchShapes(ctx.earlier), () => expectManager(body, ctx.expect.paths?.[`${MANAGER}.value`]));
    },
  }),
  defineCheck({
    id: 'entra.users.manager.removed',
    title: 'A removed manager no longer reads back',
    suite: 'entra',
    requirement: manager,
    level: 'MUST',
    quote: 'When the manager is cleared in Entra the reference is removed; an endpoint that keeps it makes Entra re-send the removal every cycle.',
    provenBy: ['manager-remove-ignored'],
    verify: (ctx) => expectNoManager(jsonObjectOf(expectStatus(ctx.exchange, [200]))),
  }),
  defineCheck({
    id: 'entra.users.manager.legacy-read-back',
    title: 'A manager set with the legacy path "manager" and a [{"$ref", "value"}] array reads back as {"value": id}',
    suite: 'entra',
    requirement: { ref: 'Entra: Manager reference, legacy form (R-09b)', url: DOCS.entraScim },
    level: 'MUST',
    quote:
      'Microsoft\'s tutorial (Example 5) sets the manager with {"op":"Add","path":"manager","value":[{"$ref":"…/Users/<id>","value":"<id>"}]}: the unqualified name resolves to the enterprise extension\'s manager, and the one-element array is its value.',
    provenBy: ['manager-legacy-path-ignored'],
    needs: ['paths'],
    verify: (ctx) => expectManager(jsonObjectOf(expectStatus(ctx.exchange, [200])), ctx.expect.paths?.[`${MANAGER}.value`]),
  }),
  defineCheck({
    id: 'entra.users.manager.removed-by-filter',
    title: 'A manager removed with path manager[value eq "<id>"] no longer reads back',
    suite: 'entra',
    requirement: { ref: 'Entra: Remove manager (R-09c)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra removes a manager with {"op": "remove", "path": "manager[value eq \\"manager-id\\"]"} (observed 2023); an endpoint that keeps it makes Entra re-send the removal every cycle.',
    provenBy: ['manager-remove-filter-ignored'],
    verify: (ctx) => expectNoManager(jsonObjectOf(expectStatus(ctx.exchange, [200]))),
  }),
  defineCheck({
    id: 'entra.users.create.manager-string',
    title: 'A create body with the manager as a bare id string is accepted and returns {"value": id}',
    suite: 'entra',
    requirement: { ref: 'Entra: Create user (R-04), manager in the body (UNVERIFIED variant)', url: DOCS.entraScim },
    level: 'SHOULD',
    quote:
      'A 2026 report says Entra sends "manager": "<string>" inside the enterprise object of POST /Users (UNVERIFIED; the docs say references follow in a later PATCH). The endpoint must return manager as a complex object, or Entra cannot deserialize the user.',
    provenBy: ['create-manager-string-rejected'],
    needs: ['paths'],
    verify: (ctx) => {
      const want = ctx.expect.paths?.[`${MANAGER}.value`];
      const shape = [`POST /Users with "${URN.enterpriseUser}": {"manager": ${JSON.stringify(want)}} (a bare id string; RFC 7643 §4.3 defines manager as complex)`];
      withEntraOnlyNote(shape, () => expectManager(jsonObjectOf(expectStatus(ctx.exchange, [201])), want));
    },
  }),
];

// Entra interoperability checks for the enterprise manager reference (entra-requests.md §3.12, R-09).
import { getPath } from '../../scim/path';
import { URN } from '../../scim/urns';
import { expectStatus, isObject, jsonObjectOf } from '../assert';
import { DOCS } from '../references';
import { defineCheck } from '../types';
import { violation } from '../violation';

const MANAGER = `${URN.enterpriseUser}:manager`;
const manager = { ref: 'Entra: Manager reference (R-09)', url: DOCS.entraScim };

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
      const want = ctx.expect.paths?.[`${MANAGER}.value`];
      const got = getPath(body, MANAGER);
      if (!got.found || !isObject(got.value) || got.value['value'] !== want) {
        violation(`"manager": {"value": ${JSON.stringify(want)}, ...} under ${URN.enterpriseUser}`, `"manager": ${got.found ? JSON.stringify(got.value) : '(absent)'}`);
      }
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
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const got = getPath(body, MANAGER);
      if (got.found && got.value !== null) violation('no manager', `"manager": ${JSON.stringify(got.value)}`);
    },
  }),
];

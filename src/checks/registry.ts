// Every check, listed explicitly (no import side effects). Suites and reports look checks up here.
import { entraGroupChecks } from './entra/groups';
import { entraLookupChecks } from './entra/lookup';
import { entraManagerChecks } from './entra/manager';
import { entraTlsChecks } from './entra/tls';
import { entraRoleChecks } from './entra/roles';
import { entraThrottlingChecks } from './entra/throttling';
import { entraUserChecks } from './entra/users';
import { oktaChecks } from './okta';
import { propertyChecks } from './properties';
import { responseChecks } from './response';
import { rfcChecks } from './rfc';
import type { CheckDefinition } from './types';

export const CHECKS: readonly CheckDefinition[] = [...entraUserChecks, ...entraManagerChecks, ...entraRoleChecks, ...entraGroupChecks, ...entraLookupChecks, ...entraTlsChecks, ...entraThrottlingChecks, ...oktaChecks, ...responseChecks, ...rfcChecks, ...propertyChecks];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): CheckDefinition {
  const check = byId.get(id);
  if (!check) throw new Error(`unknown check id "${id}"`);
  return check;
}

export function hasCheck(id: string): boolean {
  return byId.has(id);
}

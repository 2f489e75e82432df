// Every check, listed explicitly (no import side effects). Suites and reports look checks up here.
import { entraUserChecks } from './entra/users';
import { responseChecks } from './response';
import type { CheckDefinition } from './types';

export const CHECKS: readonly CheckDefinition[] = [...entraUserChecks, ...responseChecks];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): CheckDefinition {
  const check = byId.get(id);
  if (!check) throw new Error(`unknown check id "${id}"`);
  return check;
}

export function hasCheck(id: string): boolean {
  return byId.has(id);
}

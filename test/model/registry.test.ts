// Lints the property checks: each is run by exactly one property spec, each spec list has its spec
// file, and each check is proven by faults of the reference server.
import fs from 'node:fs';
import path from 'node:path';
import { propertyChecks } from '../../src/checks/properties';
import { CHECKS } from '../../src/checks/registry';
import { PROPERTY_SUITES } from '../../src/model/catalogue';
import { FAULTS } from '../../src/server/faults';

const ROOT = path.resolve(__dirname, '..', '..');
const specs = Object.values(PROPERTY_SUITES).flat();

test('every property check is registered and run by exactly one property spec', () => {
  expect(propertyChecks.every((c) => CHECKS.includes(c))).toBe(true);
  expect(CHECKS.filter((c) => c.suite === 'properties').map((c) => c.id)).toEqual(propertyChecks.map((c) => c.id));
  expect(specs.map((s) => s.check.id).sort()).toEqual(propertyChecks.map((c) => c.id).sort());
});

test('each property check has no verify function and names faults that exist', () => {
  for (const c of propertyChecks) {
    expect(c.verify).toBeUndefined();
    expect(c.id.startsWith('properties.')).toBe(true);
    expect(c.provenBy.length).toBeGreaterThan(0);
    for (const f of c.provenBy) expect(Object.keys(FAULTS)).toContain(f);
  }
});

test.each(Object.keys(PROPERTY_SUITES))('specs/properties/%s.spec.ts runs its list', (name) => {
  const file = path.join(ROOT, 'specs', 'properties', `${name}.spec.ts`);
  expect(fs.readFileSync(file, 'utf8')).toContain(`host.properties(api, '${name}')`);
});

test('resource name tags are distinct, so cases of different properties never share a prefix', () => {
  const tags = specs.map((s) => s.tag);
  expect(new Set(tags).size).toBe(tags.length);
});

// Lints the check registry and the fixtures: every check is well-formed, used, and proven by a fault.
import { CHECKS, hasCheck } from '../../src/checks/registry';
import { automaticChecks } from '../../src/checks/response';
import { CLIENT_PROFILES, PROFILES } from '../../src/profiles';
import { validateSchema } from '../../src/schemas';
import { loadSequenceFiles } from '../../src/sequences/fixtures';
import { resolveValue } from '../../src/sequences/template';
import { parseRequirement } from '../../src/sequences/capabilities';
import { FAULTS } from '../../src/server/faults';
import { basisOf } from '../../src/report/evidence';
import type { Area } from '../../src/report/outcome';

/**
 * MUST checks whose quote does not yet carry the requirement keyword of the sentence they enforce
 * (they quote a definition, a table row or an example): each is to be re-quoted with its MUST/SHALL
 * sentence, or re-graded. The list may only shrink; a new MUST check must quote its keyword.
 */
const MUST_WITHOUT_KEYWORD = new Set([
  'entra.users.lookup.finds-user',
  'entra.users.lookup.case-insensitive',
  'entra.users.get.matches-created',
  'entra.users.patch.accepted',
  'entra.users.update.add-replaces-existing',
  'entra.users.enable.reads-active',
  'entra.users.delete.accepted',
  'entra.auth.missing-token-401',
  'entra.auth.wrong-token-refused',
  'entra.users.manager.removed',
  'entra.users.manager.legacy-read-back',
  'entra.users.manager.removed-by-filter',
  'entra.users.roles.read-back',
  'entra.groups.lookup.no-match',
  'entra.groups.lookup.case-insensitive',
  'entra.groups.excluded-members',
  'entra.groups.create.accepted',
  'entra.groups.members.removed',
  'entra.groups.delete.accepted',
  'entra.tls.ciphers',
  'entra.tls.hostname',
  'entra.response.json-body',
  'rfc7643.schema.user',
  'rfc7643.schema.group',
  'rfc7644.get.by-id',
  'rfc7643.attributes.returned-never',
  'rfc7644.patch.operations',
  'rfc7644.patch.in-order',
  'rfc7644.filter.escaped-quotes',
  'rfc7644.filter.case-insensitive-names',
  'rfc7644.pagination.start-index',
  'rfc7644.pagination.walk',
  'rfc7644.projection.attributes',
  'rfc7644.projection.excluded-attributes',
  'rfc7644.errors.not-found-404',
  'rfc7644.auth.refused-401',
  'rfc7644.auth.wrong-token-refused',
  'properties.users.round-trip',
  'properties.users.lookup.any-case',
  'properties.groups.lookup.escaped-name',
  'properties.users.patch.add-equals-replace',
  'properties.users.patch.pathless-equals-path'
]);

// Each fixture folder has its own body catalogue: Entra's request shapes, and the RFC suite's.
const fixtures = ['entra', 'okta', 'rfc'].flatMap((dir) => loadSequenceFiles(dir));

describe('check registry', () => {
  test('ids are unique, dotted and start with their suite', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CHECKS) {
      expect(c.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+){2,}$/);
      expect(c.id.startsWith(`${c.suite}.`)).toBe(true);
    }
  });

  test('a MUST check quotes the sentence that makes it one: never a SHOULD-only sentence, and a requirement keyword unless listed as debt', () => {
    const keyword = (c: (typeof CHECKS)[number]) => (basisOf(c) === 'rfc' ? /\b(MUST|SHALL|REQUIRED)\b/ : /\b(must|MUST|required|REQUIRED|expected|only|never|SHALL)\b/);
    const must = CHECKS.filter((c) => c.level === 'MUST');
    expect(must.filter((c) => /\bSHOULD\b/.test(c.quote) && !/\b(MUST|SHALL|REQUIRED)\b/.test(c.quote)).map((c) => c.id)).toEqual([]);
    expect(must.filter((c) => !keyword(c).test(c.quote) && !MUST_WITHOUT_KEYWORD.has(c.id)).map((c) => c.id)).toEqual([]);
    // A listed check that now quotes its keyword (or is no longer MUST) leaves the list.
    expect([...MUST_WITHOUT_KEYWORD].filter((id) => { const c = CHECKS.find((x) => x.id === id); return !c || c.level !== 'MUST' || keyword(c).test(c.quote); })).toEqual([]);
  });

  test.each(CHECKS.map((c) => [c.id, c]))('%s has its metadata', (_id, c) => {
    expect(c.title.trim()).not.toBe('');
    expect(c.quote.trim().length).toBeGreaterThan(20);
    expect(['MUST', 'SHOULD', 'MAY']).toContain(c.level);
    expect(c.requirement.ref).toMatch(/^(Entra: .+|Okta: .+|RFC764[34] §\d)/);
    if (c.requirement.url) expect(c.requirement.url).toMatch(/^https:\/\//);
  });

  // The level is one the quoted sentence states (RFC 2119): a check quoting only "MAY" is MAY, one
  // quoting only "SHOULD" is SHOULD. Quotes of Entra's expectations carry no keyword.
  test.each(CHECKS.map((c) => [c.id, c]))('%s has the level of the sentence it quotes', (_id, c) => {
    const LEVEL: Record<string, string> = { MUST: 'MUST', 'MUST NOT': 'MUST', SHALL: 'MUST', 'SHALL NOT': 'MUST', REQUIRED: 'MUST', SHOULD: 'SHOULD', 'SHOULD NOT': 'SHOULD', RECOMMENDED: 'SHOULD', MAY: 'MAY', OPTIONAL: 'MAY' };
    const stated = new Set((c.quote.match(/\b(MUST NOT|MUST|SHALL NOT|SHALL|REQUIRED|SHOULD NOT|SHOULD|RECOMMENDED|MAY|OPTIONAL)\b/g) ?? []).map((k) => LEVEL[k]));
    if (stated.size > 0) expect([...stated]).toContain(c.level);
  });

  test.each(CHECKS.map((c) => [c.id, c]))('%s is proven by at least one named fault', (_id, c) => {
    expect(c.provenBy.length).toBeGreaterThan(0);
    for (const f of c.provenBy) expect(Object.keys(FAULTS)).toContain(f);
  });

  test('every check is used by some fixture step', () => {
    const used = new Set<string>();
    // Each folder's steps get the automatic checks of its area (fixtures/<area>/).
    for (const { name, file } of fixtures) for (const s of file.sequences) for (const st of s.steps) [...st.checks, ...automaticChecks(st.response, name.split('/')[0] as Area)].forEach((id) => used.add(id));
    // Property checks are run by specs/properties, not by fixtures (test/model/registry.test.ts lints them);
    // the entra.tls checks judge the TLS probe (specs/entra/tls.spec.ts), not a replayed step.
    expect(CHECKS.filter((c) => c.suite !== 'properties' && !c.id.startsWith('entra.tls.')).map((c) => c.id).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe.each(fixtures)('fixture $name', ({ name, file }) => {
  const steps = file.sequences.flatMap((s) => s.steps.map((st) => ({ sequence: s, step: st })));

  test('sequence ids are unique', () => {
    const ids = file.sequences.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(steps.map(({ sequence, step }) => [`${sequence.id} › ${step.name}`, sequence, step]))('%s names known checks with what they need', (_n, _seq, step) => {
    for (const id of step.checks) {
      expect(hasCheck(id)).toBe(true);
      const check = CHECKS.find((c) => c.id === id)!;
      expect(check.verify).toBeDefined();
      for (const need of check.needs ?? []) expect(step.expect ?? {}).toHaveProperty(need);
    }
  });

  // A step that creates or captures what later steps need must fail a check when it does not succeed;
  // otherwise an endpoint that refuses it only sees its dependants blocked. A step that expects a
  // refusal (response Error or none) captures a stray id only to clean it up.
  test.each(steps.map(({ sequence, step }) => [`${sequence.id} › ${step.name}`, step]))('%s, if it provides for later steps, names a check that guards it', (_n, step) => {
    if (!(step.creates || step.capture) || step.response === 'Error' || step.response === 'none') return;
    expect(step.checks.filter((id) => hasCheck(id) && CHECKS.find((c) => c.id === id)!.guardsProvision)).not.toEqual([]);
  });

  test('every requirement is a known feature or attribute characteristic', () => {
    for (const s of file.sequences) for (const r of [...(s.requires ?? []), ...s.steps.flatMap((st) => st.requires ?? [])]) expect(() => parseRequirement(r)).not.toThrow();
  });

  test('a profile-independent file has no profile-specific bodies', () => {
    if (file.profileIndependent) expect(JSON.stringify(file)).not.toContain('"byProfile"');
  });

  // A client's file in that client's profiles (a body may exist for those only).
  const folder = name.split('/')[0]!;
  test.each(folder === 'entra' || folder === 'okta' ? CLIENT_PROFILES[folder] : PROFILES)('every PATCH body is a valid PatchOp in profile %s', (profile) => {
    for (const { sequence, step } of steps.filter(({ step }) => !step.profiles || step.profiles.includes(profile))) {
      // A step that sends an invalid body on purpose says why, and is left out.
      if (step.request.method !== 'PATCH' || step.malformed !== undefined) continue;
      const vars = new Proxy({}, { get: (_t, name) => `v-${String(name)}` }) as Record<string, string>;
      const body = resolveValue(step.request.body, { bodies: file.bodies, profile, vars, responses: new Proxy({}, { get: () => ({ id: 'read-id' }) }) });
      const result = validateSchema('PatchOp', body);
      if (!result.valid) throw new Error(`${sequence.id} › ${step.name}: ${JSON.stringify(result.issues)}`);
    }
  });
});

// The customer's attribute mapping: reading an exported synchronizationSchema, the matching
// attribute, and what the Entra fixtures become under them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../src/config';
import { applyRunMapping, MATCH_VAR } from '../../src/mapping/apply';
import { bodyPaths, formatPath, orderCreateBody, parseTargetPath, removeValueAt, setValueAt, valueAt } from '../../src/mapping/paths';
import { loadMappingFile, MappingError, readMapping, readMatchingAttribute, type ProvisioningMapping } from '../../src/mapping/schema';
import { generatedValue } from '../../src/mapping/values';
import { FIXTURES_DIR, loadSequenceFiles } from '../../src/sequences/fixtures';
import type { SequenceFile, StepDef } from '../../src/sequences/types';

const DEFAULT_EXPORT = path.join(FIXTURES_DIR, 'mappings', 'default-scim-app.json');
const CUSTOM_EXPORT = path.join(FIXTURES_DIR, 'mappings', 'customised-scim-app.json');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User';
const EMPLOYEE_NUMBER = `${ENTERPRISE}:employeeNumber`;

const files = loadSequenceFiles('entra');
const bodies = files[0]!.file.bodies as Record<string, unknown>;
const exportOf = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;

/** Every fixture file under the options, with its steps by "sequence › step". */
function applied(options: Parameters<typeof applyRunMapping>[1]): { files: SequenceFile[]; steps: Map<string, StepDef>; bodies: Record<string, unknown> } {
  const out = files.map((f) => applyRunMapping(f.file, options));
  const steps = new Map<string, StepDef>();
  for (const f of out) for (const s of f.sequences) for (const st of s.steps) steps.set(`${s.id} › ${st.name}`, st);
  // Each file transforms the create and update bodies its own steps send.
  const merged: Record<string, unknown> = {};
  for (const [i, f] of out.entries()) for (const [k, v] of Object.entries(f.bodies)) if (JSON.stringify(v) !== JSON.stringify(files[i]!.file.bodies[k]) || !(k in merged)) merged[k] = v;
  return { files: out, steps, bodies: merged };
}

const filterOf = (st: StepDef) => st.request.query?.find(([k]) => k === 'filter')?.[1];
/** The bodies a step sends in any profile ('@name' from the catalogue, byProfile choices, or inline). */
const bodyOf = (catalogue: Record<string, unknown>, body: unknown): unknown[] => {
  if (typeof body === 'string' && body.startsWith('@')) return [catalogue[body.slice(1)]];
  const byProfile = (body as { byProfile?: Record<string, unknown> } | undefined)?.byProfile;
  return byProfile ? Object.values(byProfile).flatMap((b) => bodyOf(catalogue, b)) : [body];
};

describe('target paths', () => {
  test.each([
    ['userName', 'userName'],
    ['name.givenName', 'name.givenName'],
    ['emails[type eq "work"].value', 'emails[type eq "work"].value'],
    ['addresses[type eq "other"].Formatted', 'addresses[type eq "other"].Formatted'],
    [EMPLOYEE_NUMBER, EMPLOYEE_NUMBER],
    ['urn:ietf:params:scim:schemas:core:2.0:User:displayName', 'displayName'],
    [`${CONTOSO}:costCenter`, `${CONTOSO}:costCenter`],
  ])('%s', (raw, formatted) => {
    expect(formatPath(parseTargetPath(raw))).toBe(formatted);
  });
  test.each(['emails[value sw "a"].value', 'emails[type eq "work"]', 'a b', 'urn:x'])('refuses %s', (raw) => {
    expect(() => parseTargetPath(raw)).toThrow(/path|sub-attribute/);
  });
  test('reads, writes and removes values in a create body the way Entra shapes it', () => {
    const body: Record<string, unknown> = { schemas: [], userName: 'u', emails: [{ primary: true, type: 'work', value: 'w@x' }] };
    expect(valueAt(body, parseTargetPath('emails[type eq "WORK"].value'))).toBe('w@x');
    setValueAt(body, parseTargetPath('phoneNumbers[type eq "mobile"].value'), '+1');
    setValueAt(body, parseTargetPath(`${CONTOSO}:costCenter`), 'CC');
    setValueAt(body, parseTargetPath('name.givenName'), 'Al');
    expect(body).toMatchObject({ phoneNumbers: [{ type: 'mobile', value: '+1' }], [CONTOSO]: { costCenter: 'CC' }, name: { givenName: 'Al' } });
    expect(bodyPaths(body).map(formatPath)).toEqual(['userName', 'emails[type eq "work"].value', 'phoneNumbers[type eq "mobile"].value', `${CONTOSO}:costCenter`, 'name.givenName']);
    for (const p of ['emails[type eq "work"].value', `${CONTOSO}:costCenter`, 'name.givenName']) removeValueAt(body, parseTargetPath(p));
    expect(body).toEqual({ schemas: [], userName: 'u', phoneNumbers: [{ type: 'mobile', value: '+1' }] });
    expect(Object.keys(orderCreateBody({ title: 1, [CONTOSO]: {}, [ENTERPRISE]: {}, userName: 1, active: 1, schemas: 1, externalId: 1 }))).toEqual(['schemas', 'externalId', 'userName', 'active', 'title', ENTERPRISE, CONTOSO]);
  });
});

describe('an exported synchronizationSchema', () => {
  test('the default export: 22 user attributes, userName matches first, groups enabled, types from the target directory', () => {
    const m = loadMappingFile(DEFAULT_EXPORT);
    expect(m.users).toHaveLength(22);
    expect(m.matchingAttribute).toBe('userName');
    expect(m.otherMatchingAttributes).toEqual([]);
    expect(m.groups).toEqual({ mapped: true, enabled: true });
    expect(m.users.find((a) => a.path === 'active')).toMatchObject({ type: 'Boolean', source: { type: 'Function', name: 'Switch' } });
    expect(m.users.find((a) => a.path === `${ENTERPRISE}:manager`)?.type).toBe('Reference');
  });
  test('the customised export: employeeNumber matches first, then userName; groups disabled; custom extension attributes typed', () => {
    const m = loadMappingFile(CUSTOM_EXPORT);
    expect(m.matchingAttribute).toBe(EMPLOYEE_NUMBER);
    expect(m.otherMatchingAttributes).toEqual(['userName']);
    expect(m.groups).toEqual({ mapped: true, enabled: false });
    expect(m.users.some((a) => a.path === 'title')).toBe(false);
    expect(m.users.find((a) => a.path === `${CONTOSO}:clearanceLevel`)?.type).toBe('Integer');
    expect(m.users.find((a) => a.path === `${CONTOSO}:badgeIssued`)).toMatchObject({ type: 'Boolean', flowType: 'ObjectAddOnly', source: { type: 'Constant', name: 'True' } });
  });

  const userMapping = (schema: Record<string, any>) => schema['synchronizationRules'][0].objectMappings.find((o: any) => o.sourceObjectName === 'User');
  const broken = (change: (schema: Record<string, any>) => void): unknown => {
    const schema = exportOf(DEFAULT_EXPORT);
    change(schema);
    return schema;
  };
  test.each<[string, unknown, RegExp]>([
    ['an array', [], /not a synchronizationSchema/],
    ['a job, not its schema', { id: 'scim.1', templateId: 'scim' }, /not a synchronizationSchema/],
    ['no user mapping', broken((s) => (s['synchronizationRules'][0].objectMappings = s['synchronizationRules'][0].objectMappings.filter((o: any) => o.sourceObjectName !== 'User'))), /no user objectMapping/],
    ['a disabled user mapping', broken((s) => (userMapping(s).enabled = false)), /user objectMapping is disabled/],
    ['a path the harness cannot write', broken((s) => userMapping(s).attributeMappings.push({ source: { type: 'Attribute', name: 'mail' }, targetAttributeName: 'emails[value sw "a"].display' })), /cannot generate/],
    ['no matching attribute', broken((s) => userMapping(s).attributeMappings.forEach((a: any) => (a.matchingPriority = 0))), /no attribute of the user mapping has a matchingPriority/],
    ['no userName', broken((s) => (userMapping(s).attributeMappings = userMapping(s).attributeMappings.filter((a: any) => a.targetAttributeName !== 'userName'))), /no userName target/],
    ['a Boolean matching attribute', broken((s) => (userMapping(s).attributeMappings.find((a: any) => a.targetAttributeName === 'active').matchingPriority = 1)), /matches on String attributes only/],
    ['a bad source type', broken((s) => (userMapping(s).attributeMappings[2].source.type = 'Lookup')), /source.type must be/],
  ])('refuses %s with a clear error', (_what, schema, message) => {
    expect(() => readMapping(schema, 'export.json')).toThrow(MappingError);
    expect(() => readMapping(schema, 'export.json')).toThrow(message);
  });
  test('a roles target turns on the app-role feature of its expression; the default export turns on no optional feature but the manager and groups', () => {
    const roles = readMapping(broken((s) => userMapping(s).attributeMappings.push({ source: { type: 'Function', name: 'AppRoleAssignmentsComplex', expression: 'AppRoleAssignmentsComplex([appRoleAssignments])' }, targetAttributeName: 'roles' })), 'export.json');
    expect(roles.features).toContain('app-role-complex');
    expect(roles.users.map((a) => a.path)).not.toContain('roles');
    expect(readMapping(exportOf(DEFAULT_EXPORT), 'export.json').features.sort()).toEqual(['manager-by-id', 'manager-in-create', 'manager-legacy', 'manager-remove', 'nested-groups']);
  });
  test('a file that is not JSON, or missing, is a MappingError', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-mapping-'));
    fs.writeFileSync(path.join(dir, 'x.json'), '<html>');
    expect(() => loadMappingFile(path.join(dir, 'x.json'))).toThrow(/is not JSON/);
    expect(() => loadMappingFile(path.join(dir, 'none.json'))).toThrow(/cannot read the mapping file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('--matching-attribute', () => {
  test.each([
    ['userName', 'userName'],
    ['externalId', 'externalId'],
    ['emails[type eq "work"].value', 'emails[type eq "work"].value'],
    [EMPLOYEE_NUMBER, EMPLOYEE_NUMBER],
  ])('accepts %s', (raw, out) => expect(readMatchingAttribute(raw)).toBe(out));
  test.each(['active', 'emails', `${ENTERPRISE}:manager`, 'members', 'user name'])('refuses %s', (raw) => {
    expect(() => readMatchingAttribute(raw)).toThrow(MappingError);
  });

  function config(argv: string[], env: Record<string, string> = {}): Config {
    const inv = loadConfig(argv, env, path.resolve(FIXTURES_DIR, '..'), { configFile: false });
    if (inv.kind !== 'run') throw new Error('expected a run');
    return inv.config;
  }
  test('flag > environment > default userName; --mapping gives its own', () => {
    expect(config([]).matchingAttribute).toBe('userName');
    expect(config([], { SCIM_MATCHING_ATTRIBUTE: 'externalId' }).matchingAttribute).toBe('externalId');
    expect(config(['--matching-attribute', 'emails[type eq "work"].value'], { SCIM_MATCHING_ATTRIBUTE: 'externalId' }).matchingAttribute).toBe('emails[type eq "work"].value');
    const c = config(['--mapping', 'fixtures/mappings/customised-scim-app.json']);
    expect(c.matchingAttribute).toBe(EMPLOYEE_NUMBER);
    expect(c.mapping?.file).toBe(CUSTOM_EXPORT);
    expect(config(['--mapping', 'fixtures/mappings/customised-scim-app.json', '--matching-attribute', EMPLOYEE_NUMBER]).matchingAttribute).toBe(EMPLOYEE_NUMBER);
  });
  test('bad values are configuration errors (exit 2)', () => {
    expect(() => config(['--matching-attribute', 'active'])).toThrow(ConfigError);
    expect(() => config(['--mapping', 'fixtures/mappings/none.json'])).toThrow(/cannot read the mapping file/);
    expect(() => config(['--mapping', 'fixtures/entra/bodies.json'])).toThrow(/not a synchronizationSchema/);
    expect(() => config(['--mapping', 'fixtures/mappings/customised-scim-app.json', '--matching-attribute', 'userName'])).toThrow(/differs from the matching attribute of --mapping/);
  });
  test('a config file names the mapping relative to itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-mapping-'));
    fs.copyFileSync(CUSTOM_EXPORT, path.join(dir, 'schema.json'));
    fs.writeFileSync(path.join(dir, 'scim-conformance.config.json'), JSON.stringify({ mapping: 'schema.json', matchingAttribute: EMPLOYEE_NUMBER }));
    const inv = loadConfig([], {}, dir);
    expect(inv.kind === 'run' && inv.config.mapping?.file).toBe(path.join(dir, 'schema.json'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the Entra fixtures under a matching attribute', () => {
  test('userName without a mapping leaves every fixture untouched', () => {
    for (const f of files) expect(applyRunMapping(f.file, { matchingAttribute: 'userName', mode: 'all', seed: 1 })).toBe(f.file);
  });
  test('externalId: Test Connection and every lookup before a create filter on it, with the value the create sends', () => {
    const { steps, bodies: out } = applied({ matchingAttribute: 'externalId', mode: 'all', seed: 1 });
    expect(filterOf(steps.get('users.test-connection › probe')!)).toBe('externalId eq {{probe|quote}}');
    const lookup = steps.get('users.provision › lookup-absent')!;
    expect(filterOf(lookup)).toBe(`externalId eq {{${MATCH_VAR}|quote}}`);
    expect(lookup.let?.[MATCH_VAR]).toBe('{{mailNickname}}');
    expect(steps.get('groups.membership › lookup-before-create-user-2')!.let).toEqual(expect.objectContaining({ userName: '{{prefix}}ben.okoro@example.com', [MATCH_VAR]: '{{mailNickname}}' }));
    // The harness's own verification lookups stay on userName; every create body already carries externalId.
    expect(filterOf(steps.get('users.provision › lookup')!)).toBe('userName eq {{userName|quote}}');
    expect(out).toEqual(bodies);
    for (const st of steps.values()) expect(st.notApplicable).toBeUndefined();
  });
  test('an attribute a create body lacks is added to it, unique per user', () => {
    const { steps, bodies: out } = applied({ matchingAttribute: EMPLOYEE_NUMBER, mode: 'all', seed: 1 });
    expect((out['create-user-documented'] as any)[ENTERPRISE]).toEqual({ employeeNumber: 'employeeNumber-{{userName}}' });
    expect((out['create-user-default-mapping'] as any)[ENTERPRISE].employeeNumber).toBe('E-{{mailNickname}}');
    expect(steps.get('users.delete › lookup-before-create')!.let?.[MATCH_VAR]).toBe('employeeNumber-{{userName}}');
  });
});

describe('the Entra fixtures under an exported mapping', () => {
  const defaultMapping = loadMappingFile(DEFAULT_EXPORT);
  const customMapping = loadMappingFile(CUSTOM_EXPORT);
  const run = (mapping: ProvisioningMapping, seed = 20261130) => applied({ matchingAttribute: mapping.matchingAttribute, mapping, mode: 'file', seed });

  test('the default export sends the fixtures\' bodies, byte for byte, but for what the default mapping does not write', () => {
    const { bodies: out, steps } = run(defaultMapping);
    for (const name of ['create-user-default-mapping', 'create-user-documented', 'create-user-with-manager', 'patch-replace-default', 'patch-replace-flag', 'patch-multi-default', 'patch-multi-flag', 'disable-default', 'set-manager-default', 'set-manager-legacy', 'remove-manager-by-filter']) {
      expect(JSON.stringify(out[name])).toBe(JSON.stringify(bodies[name]));
    }
    // nickName, emails[type eq "other"] and the CustomExtensionName costCenter are not in the default mapping.
    const { [URN_CUSTOM_FIXTURE]: custom, ...rest } = bodies['create-user-custom-extension'] as Record<string, unknown>;
    expect(custom).toBeDefined();
    expect(out['create-user-custom-extension']).toEqual(rest);
    const skipped = [...steps].filter(([, st]) => st.notApplicable !== undefined).map(([k]) => k);
    // Roles come from expression mappings the default mapping has none of (catalogue §3.13); custom
    // extension attributes, R-20's multi-valued one and further matching attributes are a customer's
    // own: their steps, and the steps that need what those provide, are not sent.
    expect(skipped.sort()).toEqual(
      [
        'users.update-single › add-attribute',
        'users.update-multi › add-other-email',
        'users.update-multi › read-after-add-other-email',
        'users.custom-extension › create',
        'users.custom-extension › read-before-add-custom-attribute',
        'users.custom-extension › add-custom-attribute',
        'users.custom-extension › read-after-add-custom-attribute',
        'users.custom-multi-valued-extension › add-values',
        'users.custom-multi-valued-extension › read-values',
        'users.matching-attributes › lookup-external-id-absent',
        'users.matching-attributes › lookup-work-email-absent',
        'users.matching-attributes › match-external-id',
        'users.matching-attributes › match-work-email',
        ...['single-app-role › add-role', 'single-app-role › create', 'single-app-role › read-before-add-role', 'single-app-role › read-roles'].map((s) => `roles.${s}`),
        ...['app-role-assignments-complex › add-roles', 'app-role-assignments-complex › create', 'app-role-assignments-complex › read-before-add-roles', 'app-role-assignments-complex › read-roles'].map((s) => `roles.${s}`),
        ...['assertive › create', 'assertive › read-before-replace-roles', 'assertive › read-roles', 'assertive › replace-roles'].map((s) => `roles.${s}`),
      ].sort(),
    );
    expect(steps.get('users.update-single › add-attribute')!.notApplicable).toMatch(/does not send nickName on update/);
    expect(Object.keys(steps.get('users.update-single › read-back')!.expect!.paths!)).not.toContain('nickName');
  });

  test('under a mapping without a roles target, no request that is sent carries a role object; the default run only probes them', () => {
    const sendsRoles = (out: ReturnType<typeof run>, sent: (st: StepDef) => boolean) =>
      [...out.steps].filter(([, st]) => sent(st) && /"roles":\s*\[\s*\{/.test(JSON.stringify(st.request.body && bodyOf(out.bodies, st.request.body)))).map(([k]) => k);
    const asFile = run(defaultMapping);
    expect(sendsRoles(asFile, (st) => st.notApplicable === undefined)).toEqual([]);
    const asDefault = applied({ matchingAttribute: 'userName', mapping: defaultMapping, mode: 'default', seed: 1 });
    const probes = sendsRoles(asDefault, (st) => st.notApplicable === undefined);
    expect(probes.length).toBeGreaterThan(0);
    for (const k of probes) expect(asDefault.steps.get(k)!.probe).toMatch(/does not turn on App roles/);
  });

  test('the customised export: custom extension attributes in the create body (URN not in schemas), title gone, matching on employeeNumber', () => {
    const { bodies: out, steps } = run(customMapping);
    const full = out['create-user-default-mapping'] as Record<string, any>;
    expect(full[CONTOSO]).toEqual({ costCenter: expect.stringMatching(/^costCenter [0-9a-f]{8}$/), badgeIssued: true, clearanceLevel: expect.any(Number) });
    expect(full['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
    expect(Object.keys(full).slice(-2)).toEqual([ENTERPRISE, CONTOSO]);
    for (const name of ['create-user-default-mapping', 'create-user-documented', 'create-user-with-manager']) expect(out[name]).not.toHaveProperty('title');
    expect(filterOf(steps.get('users.test-connection › probe')!)).toBe(`${EMPLOYEE_NUMBER} eq {{probe|quote}}`);
    expect(steps.get('users.provision › lookup-absent')!.let?.[MATCH_VAR]).toBe('E-{{mailNickname}}');
    expect(steps.get('users.update-single › lookup-before-create')!.let?.[MATCH_VAR]).toBe('employeeNumber-{{userName}}');
  });

  test('the customised export: after the employeeNumber lookup finds nothing, Entra looks the user up by userName (priority 2), then creates', () => {
    const { files: out } = run(customMapping);
    const sequence = out.flatMap((f) => f.sequences).find((s) => s.id === 'users.update-single')!;
    const names = sequence.steps.map((s) => s.name);
    const at = names.indexOf('lookup-before-create');
    expect(names.slice(at, at + 3)).toEqual(['lookup-before-create', 'lookup-before-create-then-userName', 'create']);
    const further = sequence.steps[at + 1]!;
    expect(filterOf(further)).toBe(`userName eq {{${MATCH_VAR}2|quote}}`);
    expect(further.let).toEqual({ [`${MATCH_VAR}2`]: '{{userName}}' });
    expect(further).toMatchObject({ catalogue: 'R-02', checks: ['entra.users.lookup.no-match'] });
    // Every create of the user sequences is preceded by both lookups; the default export adds none.
    for (const s of out.flatMap((f) => f.sequences)) {
      s.steps.forEach((st, i) => {
        if (st.request.method === 'POST' && st.request.path === '/Users' && !s.id.startsWith('groups.') && s.id !== 'users.matching-attributes') {
          expect(s.steps.slice(i - 2, i).map((x) => filterOf(x)?.split(' eq ')[0])).toEqual([EMPLOYEE_NUMBER, 'userName']);
        }
      });
    }
    expect([...run(defaultMapping).steps.keys()].filter((k) => k.includes('-then-'))).toEqual([]);
  });

  test('the customised export: the multi-attribute update carries the custom attributes in each profile\'s shape, and the read-back judges them', () => {
    const { bodies: out, steps } = run(customMapping);
    const ops = (out['patch-replace-default'] as any).Operations as Array<Record<string, unknown>>;
    expect(ops.map((o) => o['path'])).toEqual(['displayName', 'name.givenName', 'name.familyName', 'externalId', EMPLOYEE_NUMBER, `${CONTOSO}:costCenter`, `${CONTOSO}:clearanceLevel`]);
    expect(ops.every((o) => o['op'] === 'Replace')).toBe(true);
    const flag = (out['patch-replace-flag'] as any).Operations;
    expect(flag).toHaveLength(1);
    expect(Object.keys(flag[0].value)).toEqual(['displayName', 'name.givenName', 'name.familyName', 'externalId', EMPLOYEE_NUMBER, `${CONTOSO}:costCenter`, `${CONTOSO}:clearanceLevel`]);
    // badgeIssued flows on create only (ObjectAddOnly).
    expect(JSON.stringify(out['patch-replace-default'])).not.toContain('badgeIssued');
    const readBack = steps.get('users.update-single › read-back')!.expect!.paths!;
    expect(readBack).toMatchObject({ [`${CONTOSO}:costCenter`]: expect.stringMatching(/-2$/), [`${CONTOSO}:clearanceLevel`]: expect.any(Number) });
    expect(readBack).not.toHaveProperty('title');
  });

  test('a disabled group mapping: every group sequence is skipped with the reason, no user sequence is', () => {
    const { files: out } = run(customMapping);
    for (const f of out) {
      for (const s of f.sequences) {
        const groups = s.steps.some((st) => st.request.path.startsWith('/Groups'));
        if (groups) for (const st of s.steps) expect(st.notApplicable).toMatch(/group objectMapping is disabled in the attribute mapping .*customised-scim-app\.json.*Entra provisions no groups/);
        else expect(s.steps.filter((st) => st.notApplicable?.includes('group'))).toEqual([]);
      }
    }
  });

  test('generated values are deterministic from the seed and typed by the attribute', () => {
    expect(JSON.stringify(run(customMapping, 7).bodies)).toBe(JSON.stringify(run(customMapping, 7).bodies));
    expect(JSON.stringify(run(customMapping, 7).bodies)).not.toBe(JSON.stringify(run(customMapping, 8).bodies));
    const attr = (type: any) => ({ path: `${CONTOSO}:x`, type, source: { type: 'Attribute' as const }, flowType: 'Always', matchingPriority: 0 });
    expect(generatedValue(attr('DateTime'), 1, 1, false)).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
    expect(typeof generatedValue(attr('Binary'), 1, 1, false)).toBe('string');
    expect(generatedValue(attr('Boolean'), 1, 2, false)).toBe(false);
    expect(generatedValue(attr('String'), 1, 1, true)).toBe('x-{{userName}}');
  });

  test('a lookup on an attribute that is not a matching attribute of the mapping is not Entra\'s traffic: skipped with the reason', () => {
    const schema = exportOf(DEFAULT_EXPORT);
    const users = schema['synchronizationRules'][0].objectMappings.find((o: any) => o.sourceObjectName === 'User');
    users.attributeMappings = users.attributeMappings.filter((a: any) => a.targetAttributeName !== 'externalId');
    const { steps, bodies: out } = run(readMapping(schema, 'no-external-id.json'));
    expect(steps.get('users.matching-attributes › match-external-id')!.notApplicable).toMatch(/does not turn on Matching users on externalId/);
    expect(steps.get('users.matching-attributes › match-work-email')!.notApplicable).toMatch(/does not turn on Matching users on emails/);
    // A mapping that matches on the work e-mail second: its lookups are Entra's traffic.
    users.attributeMappings.find((a: any) => a.targetAttributeName === 'emails[type eq "work"].value').matchingPriority = 2;
    const byMail = run(readMapping(schema, 'match-mail.json')).steps;
    expect(byMail.get('users.matching-attributes › match-work-email')!.notApplicable).toBeUndefined();
    expect(byMail.get('users.matching-attributes › lookup-work-email-absent')!.notApplicable).toBeUndefined();
    expect(out['create-user-documented']).not.toHaveProperty('externalId');
    expect(JSON.stringify(out['patch-replace-default'])).not.toContain('"externalId"');
  });
});

const URN_CUSTOM_FIXTURE = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';

describe('entra.schema.mapping-declared under a mapping', () => {
  test('judges the attributes the mapping writes: the default export gives Entra\'s default list, the customised one its own', () => {
    const create = (m: ProvisioningMapping) => applied({ matchingAttribute: m.matchingAttribute, mapping: m, mode: 'file', seed: 1 }).steps.get('users.provision › create')!;
    const sorted = (a: string[] | undefined) => [...(a ?? [])].sort();
    expect(sorted(create(loadMappingFile(DEFAULT_EXPORT)).expect?.mappedAttributes)).toEqual(
      sorted(['userName', 'active', 'displayName', 'title', 'emails', 'preferredLanguage', 'name', 'addresses', 'phoneNumbers', 'externalId', 'roles', `${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:department`, `${ENTERPRISE}:manager`]),
    );
    const custom = create(loadMappingFile(CUSTOM_EXPORT)).expect?.mappedAttributes ?? [];
    expect(custom).toEqual(expect.arrayContaining([`${CONTOSO}:costCenter`, `${CONTOSO}:badgeIssued`, `${CONTOSO}:clearanceLevel`]));
    expect(custom).not.toContain('title');
    // Without a mapping the check keeps Entra's default list.
    expect(applied({ matchingAttribute: 'externalId', mode: 'all', seed: 1 }).steps.get('users.provision › create')!.expect?.mappedAttributes).toBeUndefined();
  });
});

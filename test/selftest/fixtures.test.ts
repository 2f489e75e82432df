// Sequences as data, checked as data: every fixture file validates against the fixture format's JSON
// Schema (fixtures/sequence-file.schema.json), and every reference in it resolves in every
// profile: '@body' names, byProfile choices, template filters, and each {{variable}} of a path, query,
// header, body or expectation is set (by a let or a capture of an earlier step) before the step uses it.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { CLIENT_PROFILES, PROFILES, type Profile } from '../../src/profiles';
import { CAPABILITIES, ENTRA_REQUESTS } from '../../src/sequences/catalogue';
import { FIXTURES_DIR, loadBodies, loadSequenceFiles } from '../../src/sequences/fixtures';
import { fillString, resolveValue } from '../../src/sequences/template';
import { sequenceFor, type SequenceDef } from '../../src/sequences/types';

const SCHEMA_FILE = path.join(FIXTURES_DIR, 'sequence-file.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addSchema(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
const SCHEMA_ID = 'https://scim-conformance.example/sequence-file.schema.json';
const validateFile = ajv.getSchema(SCHEMA_ID)!;
const validateBodies = ajv.getSchema(`${SCHEMA_ID}#/$defs/bodyCatalogue`)!;

const FOLDERS = ['entra', 'okta', 'rfc'];
const files = FOLDERS.flatMap((folder) => loadSequenceFiles(folder));

function problems(validate: typeof validateFile): string {
  return ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Resolves every template of one sequence in one profile, in step order; returns the problems. */
export function resolveSequence(whole: SequenceDef, bodies: Record<string, unknown>, profile: Profile): string[] {
  const found: string[] = [];
  // The steps this profile sends (Okta's AIW and OIN apps differ).
  const sequence = sequenceFor(whole, profile);
  if (!sequence) return found;
  const vars: Record<string, string> = { prefix: 'scimc-run-t1-' };
  const attempt = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      found.push(`${sequence.id} › ${what} [${profile}]: ${(err as Error).message}`);
    }
  };
  for (const [name, template] of Object.entries(sequence.let ?? {})) attempt(`let ${name}`, () => (vars[name] = fillString(template, vars)));
  const names = sequence.steps.map((s) => s.name);
  if (new Set(names).size !== names.length) found.push(`${sequence.id}: step names are not unique`);
  for (const step of sequence.steps) {
    const at = (what: string) => `${step.name} ${what}`;
    for (const [name, template] of Object.entries(step.let ?? {})) attempt(at(`let ${name}`), () => (vars[name] = fillString(template, vars)));
    // A body built `asRead` reads an earlier step's response: any earlier step may provide one.
    const responses = Object.fromEntries(names.slice(0, names.indexOf(step.name)).map((n) => [n, { id: 'read-id' }]));
    const ctx = { bodies, profile, vars, responses };
    attempt(at('path'), () => fillString(step.request.path, vars));
    for (const [k, v] of step.request.query ?? []) attempt(at(`query ${k}`), () => fillString(v, vars));
    for (const [k, v] of Object.entries(step.request.headers ?? {})) attempt(at(`header ${k}`), () => fillString(v, vars));
    if (step.request.body !== undefined) attempt(at('body'), () => resolveValue(step.request.body, ctx));
    if (step.request.rawBody !== undefined) attempt(at('rawBody'), () => fillString(step.request.rawBody!, vars));
    if (step.expect !== undefined) attempt(at('expect'), () => resolveValue(step.expect, ctx));
    if (step.creates) attempt(at('creates.name'), () => fillString(step.creates!.name, vars));
    // A create's id comes from its own response, or (a PUT that may re-create a deleted resource) an earlier capture.
    if (step.creates && !(step.creates.idVar in (step.capture ?? {})) && !(step.creates.idVar in vars)) found.push(`${sequence.id} › ${step.name}: creates.idVar "${step.creates.idVar}" is captured by neither the step nor an earlier one`);
    if (step.deletes && !sequence.steps.some((s) => s.capture && step.deletes!.idVar in s.capture)) found.push(`${sequence.id} › ${step.name}: deletes.idVar "${step.deletes.idVar}" is captured by no step`);
    for (const pageStep of [...(step.expect?.pages ?? []), ...(step.expect?.narrowedBy ? [step.expect.narrowedBy.step] : [])]) {
      if (!names.slice(0, names.indexOf(step.name)).includes(pageStep)) found.push(`${sequence.id} › ${step.name}: refers to step "${pageStep}", which is not an earlier step`);
    }
    // Captured values exist from here on (the replay blocks the dependants when they do not arrive).
    for (const name of Object.keys(step.capture ?? {})) vars[name] = `captured-${name}`;
  }
  return found;
}

describe.each(FOLDERS)('fixtures/%s/bodies.json', (folder) => {
  test('validates against the body catalogue schema', () => {
    const ok = validateBodies(loadBodies(folder));
    if (!ok) throw new Error(problems(validateBodies));
  });
});

describe.each(files.map((f) => [f.name, f] as const))('fixture %s', (_name, { raw, file }) => {
  test('validates against fixtures/sequence-file.schema.json', () => {
    const ok = validateFile(raw);
    if (!ok) throw new Error(problems(validateFile));
  });

  // A client's file is replayed in that client's profiles; the RFC suite's once.
  const folder = _name.split('/')[0]!;
  const profiles = file.profileIndependent ? PROFILES.slice(0, 1) : folder === 'okta' ? CLIENT_PROFILES.okta : folder === 'entra' ? CLIENT_PROFILES.entra : PROFILES;
  test.each(profiles)('every reference resolves in profile %s', (profile) => {
    expect(file.sequences.flatMap((s) => resolveSequence(s, file.bodies, profile))).toEqual([]);
  });
});

// Entra's sequences say which request of the catalogue each step replays, or that the harness sends it to judge.
test.each(files.filter((f) => f.name.startsWith('entra/')).map((f) => [f.name, f] as const))('%s: every step names its catalogue request or is verification, and no Entra step is a PUT or discovery', (_name, { file }) => {
  const problems: string[] = [];
  for (const s of file.sequences) {
    if (!s.family) problems.push(`${s.id}: no family`);
    for (const st of s.steps) {
      if (!st.catalogue && !st.verification) problems.push(`${s.id} › ${st.name}: neither catalogue nor verification`);
      if (st.catalogue && (st.request.method === 'PUT' || /^\/(Schemas|ServiceProviderConfig|ResourceTypes)/.test(st.request.path))) problems.push(`${s.id} › ${st.name}: Entra sends no PUT and no discovery`);
    }
  }
  expect(problems).toEqual([]);
});

test('sequence ids are unique across all fixture files', () => {
  const ids = files.flatMap((f) => f.file.sequences.map((s) => s.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
});

test('every body in a catalogue is used by some step', () => {
  for (const folder of FOLDERS) {
    const text = files.filter((f) => f.name.startsWith(`${folder}/`)).map((f) => JSON.stringify(f.raw)).join('\n') + JSON.stringify(loadBodies(folder));
    const unused = Object.keys(loadBodies(folder)).filter((name) => name !== '$comment' && !text.includes(`"@${name}"`));
    expect({ folder, unused }).toEqual({ folder, unused: [] });
  }
});

describe('the Entra fixtures and the request catalogue (fixtures/catalogue/entra.json)', () => {
  const entra = loadSequenceFiles('entra').flatMap(({ name, file }) => file.sequences.flatMap((s) => s.steps.map((step) => ({ where: `${name} ${s.id} › ${step.name}`, step }))));
  test('every request Entra sends names a catalogue entry, whose grade decides the level it may gate at', () => {
    const known = new Set(ENTRA_REQUESTS.map((r) => r.id));
    expect(entra.filter(({ step }) => !step.verification && (step.catalogue === undefined || !known.has(step.catalogue))).map(({ where, step }) => `${where}: ${step.catalogue ?? 'no catalogue'}`)).toEqual([]);
  });
  test('every capability a step names is in the catalogue, and every catalogue capability is exercised', () => {
    const ids = new Set(CAPABILITIES.map((c) => c.id));
    expect(entra.filter(({ step }) => step.capability !== undefined && !ids.has(step.capability)).map(({ where }) => where)).toEqual([]);
    const used = new Set(entra.map(({ step }) => step.capability));
    expect(CAPABILITIES.filter((c) => !used.has(c.id)).map((c) => c.id)).toEqual([]);
  });
});

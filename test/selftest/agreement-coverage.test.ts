// Coverage of the response-body agreement checks (src/checks/rfc/agreement.ts): every POST, PUT and
// PATCH step of every fixture sequence that expects a resource back is judged by its method's
// agreement check, in every profile and under every example attribute mapping, so a new fixture
// cannot leave a write unjudged. A static walk with the rules the replay applies:
//  - a create is judged at its own step against the identity read the replay makes after it
//    (src/sequences/identity.ts), which needs `creates` and the id captured from the step's response;
//  - a PUT or PATCH is judged at the GET of one resource that writeJudgedAt picks for it, and only
//    when that GET gets the check (automaticChecks) and cannot be skipped where the write is sent
//    (its `requires` are the write's, or the sequence's).
import path from 'node:path';
import { AGREEMENT_CHECK_BY_WRITE, writeJudgedAt } from '../../src/checks/rfc/agreement';
import { automaticChecks } from '../../src/checks/response';
import { applyRunMapping } from '../../src/mapping/apply';
import { loadMappingFile } from '../../src/mapping/schema';
import { PROFILES } from '../../src/profiles';
import { FIXTURES_DIR, loadSequenceFiles } from '../../src/sequences/fixtures';
import type { SequenceDef, SequenceFile, StepDef } from '../../src/sequences/types';

type Write = keyof typeof AGREEMENT_CHECK_BY_WRITE;
const isWrite = (method: string): method is Write => method in AGREEMENT_CHECK_BY_WRITE;
/** Response kinds of one resource: a 2xx answer of such a step carries the resource to judge. */
const returnsResource = (step: StepDef) => step.response === 'User' || step.response === 'Group';

// The agreement checks are the same on every area's traffic.
const checksOf = (step: StepDef, sequence: SequenceDef) => automaticChecks(step.response, 'rfc', { method: step.request.method, sequenceMethods: sequence.steps.map((s) => s.request.method) });

/** Where the write at `index` is judged ("at itself" or "at <GET step>"), or why it is not. */
function judgedAt(sequence: SequenceDef, index: number): { at: string } | { unjudged: string } {
  const write = sequence.steps[index]!;
  const method = write.request.method as Write;
  const check = AGREEMENT_CHECK_BY_WRITE[method];
  if (method === 'POST') {
    if (!checksOf(write, sequence).includes(check)) return { unjudged: `the create does not get ${check}` };
    const idVar = write.creates?.idVar;
    const source = idVar !== undefined ? write.capture?.[idVar] : undefined;
    if (source === undefined || !source.split('|').some((s) => s.trim() === 'id')) return { unjudged: 'no "creates" with the id captured from its own response, so no identity read follows it' };
    return { at: 'itself (identity read)' };
  }
  // Steps the mapping makes not applicable are never sent; the rest are, in order.
  const sent = sequence.steps.map((step, i) => ({ step, i })).filter(({ step }) => step.notApplicable === undefined);
  const position = sent.findIndex(({ i }) => i === index);
  for (let k = position + 1; k < sent.length; k++) {
    const read = sent[k]!.step;
    if (read.request.method !== 'GET') continue;
    const judged = writeJudgedAt(
      sent.slice(0, k).map(({ step }) => ({ method: step.request.method, path: step.request.path })),
      read.request.path,
    );
    if (judged !== position) continue;
    if (!checksOf(read, sequence).includes(check)) return { unjudged: `the next read, "${read.name}", does not get ${check} (response "${read.response}")` };
    const extra = (read.requires ?? []).filter((r) => !(write.requires ?? []).includes(r));
    if (extra.length > 0) return { unjudged: `the next read, "${read.name}", requires ${extra.join(', ')}, which the write does not: an endpoint without it is sent the write, not the read` };
    return { at: read.name };
  }
  return { unjudged: 'no GET of the resource follows it before another write' };
}

/** Every write that expects a resource back, with where it is judged. */
function agreementCoverage(file: SequenceFile): Array<{ write: string; method: string; result: ReturnType<typeof judgedAt> }> {
  return file.sequences.flatMap((sequence) =>
    sequence.steps.flatMap((step, i) => (isWrite(step.request.method) && returnsResource(step) && step.notApplicable === undefined ? [{ write: `${sequence.id} › ${step.name}`, method: step.request.method, result: judgedAt(sequence, i) }] : [])),
  );
}

const unjudged = (file: SequenceFile) => agreementCoverage(file).flatMap(({ write, result }) => ('unjudged' in result ? [`${write}: ${result.unjudged}`] : []));

// The runs a fixture file is replayed in: the RFC suite once, as written; Entra's sequences in each
// profile, without a mapping and under each example export (the mapping can make steps not applicable).
const mappings = [undefined, ...['default-scim-app.json', 'customised-scim-app.json'].map((f) => loadMappingFile(path.join(FIXTURES_DIR, 'mappings', f)))];
const runs = [
  ...loadSequenceFiles('rfc').map(({ name, file }) => ({ title: name, file })),
  ...loadSequenceFiles('entra').flatMap(({ name, file }) =>
    mappings.flatMap((mapping) =>
      PROFILES.map((profile) => ({
        title: `${name} [${profile}${mapping ? `, ${path.basename(mapping.file)}` : ''}]`,
        // Bodies are chosen per profile at send time; the walk needs the steps, which the mapping may change.
        file: applyRunMapping(file, { matchingAttribute: mapping?.matchingAttribute ?? 'userName', ...(mapping ? { mapping } : {}), mode: mapping ? 'file' : 'all', seed: 1 }),
      })),
    ),
  ),
];

describe('response-body agreement coverage', () => {
  test.each(runs.map((r) => [r.title, r.file] as const))('every write of %s that returns a resource is judged', (_title, file) => {
    expect(unjudged(file)).toEqual([]);
  });

  test('the fixtures have writes that return a resource, and each kind is judged somewhere', () => {
    const judged = new Set(runs.flatMap((r) => agreementCoverage(r.file)).flatMap(({ method, result }) => ('at' in result ? [method] : [])));
    expect([...judged].sort()).toEqual(['PATCH', 'POST', 'PUT']);
  });

  // The walk itself can fail: each way a write goes unjudged is reported.
  const step = (name: string, method: StepDef['request']['method'], p: string, extra: Partial<StepDef> = {}): StepDef => ({ name, request: { method, path: p }, response: method === 'DELETE' ? 'none' : 'User', checks: [], ...extra });
  const create = step('create', 'POST', '/Users', { capture: { userId: 'id' }, creates: { type: 'Users', idVar: 'userId', name: 'n' } });
  const file = (...steps: StepDef[]): SequenceFile => ({ bodies: {}, sequences: [{ id: 's', title: 's', steps }] });

  test('a create with its identity read and a PATCH read back next are judged', () => {
    expect(agreementCoverage(file(create, step('patch', 'PATCH', '/Users/{{userId}}'), step('lookup', 'GET', '/Users'), step('read', 'GET', '/Users/{{userId}}')))).toEqual([
      { write: 's › create', method: 'POST', result: { at: 'itself (identity read)' } },
      { write: 's › patch', method: 'PATCH', result: { at: 'read' } },
    ]);
  });

  test('unjudged: a create without "creates", a PATCH followed by another write, a read that may be skipped, a read that expects no resource', () => {
    expect(unjudged(file(step('create', 'POST', '/Users', { capture: { userId: 'id' } })))).toEqual(['s › create: no "creates" with the id captured from its own response, so no identity read follows it']);
    expect(unjudged(file(create, step('patch-1', 'PATCH', '/Users/{{userId}}'), step('patch-2', 'PATCH', '/Users/{{userId}}'), step('read', 'GET', '/Users/{{userId}}')))).toEqual(['s › patch-1: no GET of the resource follows it before another write']);
    expect(unjudged(file(create, step('patch', 'PATCH', '/Users/{{userId}}'), step('delete', 'DELETE', '/Users/{{userId}}'), step('read', 'GET', '/Users/{{userId}}')))).toEqual(['s › patch: no GET of the resource follows it before another write']);
    expect(unjudged(file(create, step('put', 'PUT', '/Users/{{userId}}'), step('read', 'GET', '/Users/{{userId}}', { requires: ['etag'] })))).toEqual([
      's › put: the next read, "read", requires etag, which the write does not: an endpoint without it is sent the write, not the read',
    ]);
    expect(unjudged(file(create, step('patch', 'PATCH', '/Users/{{userId}}'), step('read', 'GET', '/Users/{{userId}}', { response: 'none' })))).toEqual(['s › patch: the next read, "read", does not get rfc7644.patch.response-agrees (response "none")']);
    // A read the mapping makes not applicable is not sent: the write has no read.
    expect(unjudged(file(create, step('patch', 'PATCH', '/Users/{{userId}}'), step('read', 'GET', '/Users/{{userId}}', { notApplicable: 'not mapped' })))).toEqual(['s › patch: no GET of the resource follows it before another write']);
  });
});

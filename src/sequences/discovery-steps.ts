// RFC suite steps built from what the endpoint's discovery documents hold (RFC 7644 §4), before the
// suite is registered: the run fetched them already, so the steps are known at collection time.
//
//  - eachListedId: one GET <path>/<id> for every ResourceType or Schema the endpoint lists, each
//    named after the id it reads (`schema-urn-ietf-params-scim-schemas-core-2-0-user`), with
//    expect.id that id. A ResourceType without an id (RFC 7643 §6: "The "id" attribute is not required
//    for the resource type resource") is read by its name. The id goes into the path as one segment,
//    ":" and "@" kept as RFC 3986 pchar allows (the RFC 7644 §4 example reads
//    /Schemas/urn:ietf:params:scim:schemas:core:2.0:User).
//  - declaredValues: the POST, PUT or PATCH body (the fixture's seed) gets a value for every attribute
//    /Schemas declares writable (declared-values.ts). References to Users name the users the sequence
//    creates before its first such step.
//
// A step that cannot be built for this endpoint (an unreadable list, no /Schemas, nothing writable) is
// marked not applicable with the reason, as declared-bodies.ts marks steps the endpoint's
// declarations rule out; fitToDeclared then takes the steps that need its captures out too.
//
// Pure: the file given is not modified.
import { resourcesOf } from '../checks/declared';
import type { DiscoverySnapshot } from '../runner/discovery';
import { declaredBody, declaredPatch, declaredWritable, inRound, NAME_ATTRIBUTE, type DeclaredResource, type Round } from './declared-values';
import type { SequenceDef, SequenceFile, StepDef } from './types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An id as one path segment: percent-encoded, but for the ":" and "@" a segment may hold as they are. */
export function pathSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

/** A step-name suffix from an id: lower-case letters and digits, joined by "-". */
function slug(id: string): string {
  const s = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (s === '' ? 'id' : s).slice(0, 60).replace(/-+$/, '');
}

/** The step without a field that is spent once the step is built (so building again changes nothing). */
function withoutField(step: StepDef, field: 'eachListedId' | 'declaredValues'): StepDef {
  const out = { ...step };
  delete out[field];
  return out;
}

/** The copies of an eachListedId step, one per listed resource. */
function eachListed(step: StepDef, discovery: DiscoverySnapshot | undefined): StepDef[] {
  const base = withoutField(step, 'eachListedId');
  const which = /^\/ResourceTypes\/?$/i.test(step.request.path) ? 'resourceTypes' : /^\/Schemas\/?$/i.test(step.request.path) ? 'schemas' : undefined;
  if (which === undefined) throw new Error(`fixture error: step "${step.name}" has eachListedId, but its path ${step.request.path} is neither /ResourceTypes nor /Schemas`);
  const listPath = step.request.path.replace(/\/$/, '');
  const doc = discovery?.[which];
  const list = doc ? resourcesOf(doc) : undefined;
  if (!doc || !list) return [{ ...base, notApplicable: `${listPath} cannot be read${doc ? ` (${doc.request})` : ''}, so there is nothing listed to read by id` }];
  if (list.length === 0) return [{ ...base, notApplicable: `${listPath} lists nothing to read by id` }];
  const seen = new Set<string>();
  return list.map((item, i) => {
    const key = typeof item['id'] === 'string' && item['id'] !== '' ? item['id'] : typeof item['name'] === 'string' && item['name'] !== '' ? item['name'] : undefined;
    let name = `${step.name}-${key !== undefined ? slug(key) : String(i + 1)}`;
    while (seen.has(name)) name = `${name}-${i + 1}`;
    seen.add(name);
    if (key === undefined) return { ...base, name, notApplicable: `item ${i + 1} of ${listPath} has neither an id nor a name to read it by` };
    // A fixture template would read "{{" as a placeholder; no real id holds one.
    if (/\{\{|\}\}/.test(key)) return { ...base, name, notApplicable: `the id ${JSON.stringify(key)} cannot be written into a request template` };
    return { ...base, name, request: { ...base.request, path: `${listPath}/${pathSegment(key)}` }, expect: { ...base.expect, id: key } };
  });
}

/** The resource type a path addresses. */
function resourceOf(path: string): DeclaredResource | undefined {
  if (/^\/Users(\/|$)/i.test(path)) return 'User';
  if (/^\/Groups(\/|$)/i.test(path)) return 'Group';
  return undefined;
}

/** A declaredValues step with its body completed. */
function declaredValues(sequence: SequenceDef, index: number, discovery: DiscoverySnapshot | undefined): StepDef {
  const step = sequence.steps[index]!;
  const base = withoutField(step, 'declaredValues');
  const rt = resourceOf(step.request.path);
  const round = step.request.method as Round;
  if (rt === undefined || !['POST', 'PUT', 'PATCH'].includes(round) || !isObject(step.request.body)) {
    throw new Error(`fixture error: step "${step.name}" has declaredValues, but is no POST, PUT or PATCH of /Users or /Groups with an inline seed body`);
  }
  const declared = declaredWritable(discovery, rt);
  if (typeof declared === 'string') return { ...base, notApplicable: `the round trip writes what /Schemas declares, and ${declared}` };
  // The users to refer to: those the sequence creates before its first declaredValues step.
  const first = sequence.steps.findIndex((s) => s.declaredValues);
  const users = sequence.steps
    .slice(0, first)
    .filter((s) => s.creates?.type === 'Users')
    .map((s) => `{{${s.creates!.idVar}}}`);
  if (inRound(declared, round, users).length === 0) {
    return { ...base, notApplicable: `/Schemas declares no ${rt} attribute besides ${NAME_ATTRIBUTE[rt]} that a ${round} writes${declared.skipped.length > 0 ? ` (not written: ${declared.skipped.join('; ')})` : ''}` };
  }
  const seed = step.request.body;
  const body = round === 'PATCH' ? declaredPatch(seed, declared, users) : declaredBody(seed, declared, round, users);
  return { ...base, request: { ...base.request, body } };
}

/** The file with its discovery-driven steps built for this endpoint (see the top of this module). */
export function expandFromDiscovery(file: SequenceFile, discovery: DiscoverySnapshot | undefined): SequenceFile {
  if (!file.sequences.some((s) => s.steps.some((st) => st.eachListedId || st.declaredValues))) return file;
  const sequences = file.sequences.map((sequence) => ({
    ...sequence,
    steps: sequence.steps.flatMap((step, index) => (step.eachListedId ? eachListed(step, discovery) : step.declaredValues ? [declaredValues(sequence, index, discovery)] : [step])),
  }));
  return { ...file, sequences };
}

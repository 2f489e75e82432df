// Turns the Entra sequence fixtures into the requests of one customer's configuration: the matching
// attribute (--matching-attribute, or matchingPriority 1 of --mapping) and the attribute mapping.
// The sequences stay as written; only their data changes:
//  - Test Connection and every lookup before a create filter on the matching attribute,
//    with the value the create body sends for it;
//  - create bodies carry the mapped attributes only (the full-mapping body every mapped attribute,
//    with generated values for those the fixture does not carry); update bodies only mapped paths,
//    and the multi-attribute Replace (R-06b) also the generated attributes;
//  - what the mapping does not send is never judged: the step is not applicable, with the reason.
// Without --mapping and with the matching attribute userName the fixtures are returned unchanged.
import { URN } from '../scim/urns';
import { CAPABILITIES } from '../sequences/catalogue';
import type { SequenceDef, SequenceFile, StepDef } from '../sequences/types';
import { attributeKey, bodyPaths, formatPath, isEnterpriseManager, orderCreateBody, parseTargetPath, pathKey, removeValueAt, setValueAt, valueAt, type TargetPath } from './paths';
import type { MappedAttribute, MappingMode, ProvisioningMapping } from './schema';
import { generatedValue } from './values';

export interface RunMappingOptions {
  /** The attribute Entra matches users on (a target path). */
  matchingAttribute: string;
  mapping?: ProvisioningMapping;
  /** default: features outside the mapping are probed (sent, never gating); file: they are not sent; all: everything is Entra's traffic. */
  mode: MappingMode;
  seed: number;
}

/** The body that stands for "every attribute of the mapping" (entra-requests.md §2.1). */
export const FULL_MAPPING_BODY = 'create-user-default-mapping';
/** The step variable that holds the value an R-02 lookup matches on. */
export const MATCH_VAR = 'matchValue';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The names of the catalogue bodies a request body refers to ('@name', or byProfile of them). */
function bodyNames(body: unknown): string[] {
  if (typeof body === 'string' && body.startsWith('@')) return [body.slice(1)];
  if (isObject(body) && isObject(body['byProfile'])) return Object.values(body['byProfile']).flatMap(bodyNames);
  return [];
}

const USER_FILTER = /^userName eq (\{\{[^}]+\}\})$/;
/** The attribute of `<attr> eq <one value>`; the attribute itself may hold " eq " (emails[type eq "work"].value). */
const FILTER_ATTRIBUTE = /^(.+) eq (\S+)$/;

function filterOf(step: StepDef): string | undefined {
  return step.request.query?.find(([k]) => k === 'filter')?.[1];
}

function isUsersGet(step: StepDef): boolean {
  return step.request.method === 'GET' && step.request.path === '/Users';
}

class MappedAttributes {
  private readonly byPath = new Map<string, MappedAttribute>();
  private readonly byAttribute = new Map<string, MappedAttribute>();
  constructor(readonly mapping: ProvisioningMapping) {
    for (const a of mapping.users) {
      const p = parseTargetPath(a.path);
      this.byPath.set(pathKey(p), a);
      this.byAttribute.set(attributeKey(p), a);
    }
  }
  /** The mapping entry that writes this path, if any. */
  find(p: TargetPath): MappedAttribute | undefined {
    // A manager value (…:manager.value) or the legacy unqualified "manager" is the manager reference.
    if (p.kind === 'core' && p.attr.toLowerCase() === 'manager') return this.byAttribute.get(`${URN.enterpriseUser}:manager`.toLowerCase());
    if (isEnterpriseManager(p)) return this.byAttribute.get(attributeKey(p));
    return this.byPath.get(pathKey(p));
  }
  sentOnCreate(p: TargetPath): boolean {
    return this.find(p) !== undefined;
  }
  sentOnUpdate(p: TargetPath): boolean {
    const a = this.find(p);
    return a !== undefined && a.flowType !== 'ObjectAddOnly';
  }
}

/** A PATCH op's target paths: its path (a value filter on the attribute itself dropped), or the keys of a path-less value. */
function opPaths(op: Json): TargetPath[] {
  const path = typeof op['path'] === 'string' ? op['path'] : undefined;
  if (path !== undefined) {
    const bare = path.replace(/^([A-Za-z$][\w$-]*)\[value eq "[^"]*"\]$/, '$1');
    try {
      return [parseTargetPath(bare)];
    } catch {
      return [];
    }
  }
  if (!isObject(op['value'])) return [];
  return Object.keys(op['value']).flatMap((k) => {
    try {
      return [parseTargetPath(k)];
    } catch {
      return [];
    }
  });
}

/** True when a PATCH step's body (in any profile) has an operation on this path. */
function patchWrites(body: unknown, bodies: Record<string, unknown>, target: TargetPath): boolean {
  const key = formatPath(target).toLowerCase();
  return bodyNames(body).some((name) => {
    const b = bodies[name];
    const ops = isObject(b) && Array.isArray(b['Operations']) ? b['Operations'] : [];
    return ops.some((op) => isObject(op) && opPaths(op).some((p) => formatPath(p).toLowerCase() === key));
  });
}

/** A PATCH body with only the operations (and path-less keys) the mapping sends on update; `dropped` lists the rest. */
function projectPatch(body: Json, attrs: MappedAttributes): { body: Json; dropped: string[] } {
  const out = clone(body);
  const dropped: string[] = [];
  if (!Array.isArray(out['Operations'])) return { body: out, dropped };
  out['Operations'] = (out['Operations'] as Json[]).filter((op) => {
    if (!isObject(op)) return true;
    if (typeof op['path'] !== 'string' && isObject(op['value'])) {
      const value = op['value'];
      for (const k of Object.keys(value)) {
        let p: TargetPath | undefined;
        try {
          p = parseTargetPath(k);
        } catch {
          continue;
        }
        if (!attrs.sentOnUpdate(p)) {
          delete value[k];
          dropped.push(k);
        }
      }
      return Object.keys(value).length > 0;
    }
    const paths = opPaths(op);
    if (paths.length > 0 && paths.every((p) => !attrs.sentOnUpdate(p))) {
      dropped.push(...paths.map(formatPath));
      return false;
    }
    return true;
  });
  return { body: out, dropped };
}

/** Adds a Replace of each attribute in the body's own shape: Pascal-case path ops, or the flag's path-less object. */
function addReplaces(body: Json, values: Array<[TargetPath, unknown]>): void {
  const ops = Array.isArray(body['Operations']) ? (body['Operations'] as Json[]) : (body['Operations'] = []);
  const pathless = ops.find((op) => isObject(op) && op['path'] === undefined && isObject(op['value']));
  const lower = ops.some((op) => op['op'] === 'replace' || op['op'] === 'add');
  for (const [p, value] of values) {
    const path = formatPath(p);
    const filtered = p.kind === 'core' && p.type !== undefined;
    // The flag folds plain attributes into one path-less replace; filtered paths stay separate ops (R-06b).
    if (pathless && !filtered) (pathless['value'] as Json)[path] = value;
    else ops.push({ op: lower ? 'replace' : 'Replace', path, value });
  }
}

/** The variables a step reads: {{name}} and {{name|filter}} in its request, expectations and lets. */
function varsRead(step: StepDef): string[] {
  const text = JSON.stringify([step.request, step.expect ?? null, step.let ?? null]);
  return [...text.matchAll(/\{\{([A-Za-z_][\w]*)/g)].map((m) => m[1]!);
}

/** The variables a step provides to later ones. */
function varsProvided(step: StepDef): string[] {
  return [...Object.keys(step.capture ?? {}), ...(step.creates ? [step.creates.idVar] : [])];
}

/**
 * The steps that exercise a feature the run's mapping does not turn on, and the steps that depend on
 * them (a read-back of one, or a step that needs a value one provides): Entra would not send them. In
 * the default run they become capability probes (sent with their bodies as written, never gating); under
 * a customer's mapping they are not sent at all; with --mapping all nothing changes.
 */
function markFeatures(file: SequenceFile, options: RunMappingOptions): void {
  if (options.mode === 'all') return;
  const on = new Set(options.mapping?.features ?? []);
  const bodies = file.bodies as Record<string, unknown>;
  const where = options.mode === 'default' ? 'Entra\'s default mapping' : `the attribute mapping (${options.mapping?.file ?? ''})`;
  for (const sequence of file.sequences) {
    /** Variable -> the off step that provides it, and its capability. */
    const off = new Map<string, { step: string; capability?: string }>();
    let lastClient: StepDef | undefined;
    for (const step of sequence.steps) {
      let reason: string | undefined;
      let capability = step.capability;
      if (step.capability !== undefined && !on.has(step.capability)) {
        const title = CAPABILITIES.find((c) => c.id === step.capability)?.title ?? step.capability;
        reason = `${where} does not turn on ${title}`;
      } else if (step.verification && lastClient && (lastClient.probe !== undefined || lastClient.notApplicable !== undefined)) {
        reason = `it verifies "${lastClient.name}", which ${where} does not send`;
        capability ??= lastClient.capability;
      } else {
        const dependency = varsRead(step).map((v) => off.get(v)).find((d) => d !== undefined);
        if (dependency) {
          reason = `it needs a value of "${dependency.step}", which ${where} does not send`;
          capability ??= dependency.capability;
        }
      }
      if (reason !== undefined) {
        if (capability !== undefined) step.capability = capability;
        if (options.mode === 'default') {
          step.probe = reason;
          probeBodies(step, bodies);
        } else step.notApplicable = reason;
        for (const v of varsProvided(step)) off.set(v, { step: step.name, ...(capability !== undefined ? { capability } : {}) });
      }
      if (!step.verification) lastClient = step;
    }
  }
}

const PROBE_SUFFIX = '~probe';

/** A probe sends its bodies as the fixture wrote them: its own copies, which the mapping does not project. */
function probeBodies(step: StepDef, bodies: Record<string, unknown>): void {
  const rename = (body: unknown): unknown => {
    if (typeof body === 'string' && body.startsWith('@')) {
      const name = body.slice(1);
      bodies[name + PROBE_SUFFIX] ??= clone(bodies[name]);
      return `@${name}${PROBE_SUFFIX}`;
    }
    if (isObject(body) && isObject(body['byProfile'])) return { byProfile: Object.fromEntries(Object.entries(body['byProfile']).map(([k, v]) => [k, rename(v)])) };
    return body;
  };
  if (step.request.body !== undefined) step.request.body = rename(step.request.body);
}

/** The steps the mapping projects: Entra's own requests, not the probes. */
function entraSteps(sequence: SequenceDef): StepDef[] {
  return sequence.steps.filter((st) => st.probe === undefined);
}

/** The run's fixture file: the features of the mapping marked, then the matching attribute and the attribute mapping applied. */
export function applyRunMapping(source: SequenceFile, options: RunMappingOptions): SequenceFile {
  const matching = parseTargetPath(options.matchingAttribute);
  const matchingIsUserName = pathKey(matching) === 'username';
  if (options.mode === 'all' && matchingIsUserName) return source;
  const file = clone(source);
  markFeatures(file, options);
  const bodies = file.bodies as Record<string, unknown>;
  const attrs = options.mapping ? new MappedAttributes(options.mapping) : undefined;
  const matchingAttr: MappedAttribute = attrs?.find(matching) ?? { path: formatPath(matching), type: 'String', source: { type: 'Attribute' }, flowType: 'Always', matchingPriority: 1 };
  const mappingName = options.mapping ? `the attribute mapping (${options.mapping.file})` : '';
  // Entra tries the further matching attributes in priority order when the first finds nothing (entra-requests.md §2.1).
  const secondary = (options.mapping?.otherMatchingAttributes ?? []).map(parseTargetPath).filter((p) => pathKey(p) !== pathKey(matching));

  // Create bodies.
  const generated: MappedAttribute[] = [];
  const createBodies = new Set(file.sequences.flatMap((s) => entraSteps(s).filter((st) => st.request.method === 'POST' && st.request.path === '/Users').flatMap((st) => bodyNames(st.request.body))));
  for (const name of createBodies) {
    const original = bodies[name];
    if (!isObject(original)) continue;
    const body = clone(original);
    if (attrs) for (const p of bodyPaths(body)) if (!attrs.sentOnCreate(p)) removeValueAt(body, p);
    if (attrs && name === FULL_MAPPING_BODY) {
      for (const a of options.mapping!.users) {
        const p = parseTargetPath(a.path);
        if (a.type === 'Reference' || valueAt(body, p) !== undefined) continue;
        setValueAt(body, p, generatedValue(a, options.seed, 1, pathKey(p) === pathKey(matching)));
        generated.push(a);
      }
    }
    for (const p of [matching, ...secondary]) {
      const attr = p === matching ? matchingAttr : attrs!.find(p)!;
      if (valueAt(body, p) === undefined) setValueAt(body, p, generatedValue(attr, options.seed, 1, true));
    }
    // Entra lists the enterprise URN when it sends enterprise attributes; custom extension URNs it leaves out.
    const schemas = Array.isArray(body['schemas']) ? (body['schemas'] as unknown[]) : undefined;
    if (schemas && isObject(body[URN.enterpriseUser]) && !schemas.includes(URN.enterpriseUser)) schemas.push(URN.enterpriseUser);
    bodies[name] = orderCreateBody(body);
  }

  // Update bodies, and which steps send nothing the mapping writes.
  const emptyPatch = new Map<string, string[]>();
  const replaceAdditions: Array<[TargetPath, unknown]> = generated
    .filter((a) => a.flowType !== 'ObjectAddOnly' && pathKey(parseTargetPath(a.path)) !== pathKey(matching))
    .map((a) => [parseTargetPath(a.path), generatedValue(a, options.seed, 2, false)]);
  if (attrs) {
    const patchSteps = file.sequences.flatMap((s) => entraSteps(s).filter((st) => st.request.method === 'PATCH' && st.request.path.startsWith('/Users/')));
    for (const name of new Set(patchSteps.flatMap((st) => bodyNames(st.request.body)))) {
      if (!isObject(bodies[name])) continue;
      const { body, dropped } = projectPatch(bodies[name] as Json, attrs);
      if (patchSteps.some((st) => st.catalogue === 'R-06b' && bodyNames(st.request.body).includes(name))) addReplaces(body, replaceAdditions);
      bodies[name] = body;
      if ((body['Operations'] as unknown[]).length === 0) emptyPatch.set(name, dropped);
    }
  }

  for (const sequence of file.sequences) {
    const touchesGroups = sequence.steps.some((st) => st.request.path.startsWith('/Groups'));
    if (options.mapping && touchesGroups && !options.mapping.groups.enabled) {
      const why = options.mapping.groups.mapped ? 'the group objectMapping is disabled' : 'there is no group objectMapping';
      for (const st of sequence.steps) st.notApplicable = `${why} in ${mappingName}: Entra provisions no groups, so it sends none of this sequence's requests`;
      continue;
    }
    if (options.mapping) {
      for (const st of sequence.steps) if (st.checks.includes('entra.schema.mapping-declared')) st.expect = { ...(st.expect ?? {}), mappedAttributes: mappedAttributes(options.mapping) };
    }
    let addedToReadBack = false;
    let lastEntraStep: StepDef | undefined;
    /** The matching lookups before a create, with the body of that create. */
    const matchLookups = new Map<StepDef, Json>();
    sequence.steps.forEach((step, index) => {
      if (step.probe !== undefined) return; // sent as written
      if (!step.verification) lastEntraStep = step;
      else if (lastEntraStep?.notApplicable !== undefined) {
        // A read-back judges what the request before it did: nothing, when that request is not Entra's.
        step.notApplicable = `it verifies "${lastEntraStep.name}", which does not apply: ${lastEntraStep.notApplicable}`;
        return;
      }
      const filter = filterOf(step);
      if (isUsersGet(step) && filter !== undefined && step.catalogue === 'R-02' && USER_FILTER.test(filter)) {
        const create = sequence.steps.slice(index + 1).find((st) => st.request.method === 'POST' && st.request.path === '/Users');
        const body = create ? bodies[bodyNames(create.request.body)[0] ?? ''] : undefined;
        if (isObject(body)) matchLookups.set(step, body);
      }
      if (isUsersGet(step) && filter !== undefined && (step.catalogue === 'R-01' || step.catalogue === 'R-02') && !matchingIsUserName) {
        const m = USER_FILTER.exec(filter);
        if (m && step.catalogue === 'R-01') setFilter(step, `${formatPath(matching)} eq ${m[1]}`);
        else if (m) {
          // The lookup before a create matches on what that create sends; a later lookup of the same
          // user (on-demand runs) on what the sequence's last create sent, unless a write since may have changed it.
          const later = sequence.steps.slice(index + 1).find((st) => st.request.method === 'POST' && st.request.path === '/Users');
          let earlierIndex = -1;
          if (!later) for (let i = index - 1; i >= 0 && earlierIndex < 0; i--) if (sequence.steps[i]!.request.method === 'POST' && sequence.steps[i]!.request.path === '/Users') earlierIndex = i;
          const rewritten = earlierIndex >= 0 && sequence.steps.slice(earlierIndex + 1, index).some((st) => st.request.method === 'PATCH' && patchWrites(st.request.body, bodies, matching));
          const create = later ?? (earlierIndex >= 0 && !rewritten ? sequence.steps[earlierIndex] : undefined);
          const body = create ? bodies[bodyNames(create.request.body)[0] ?? ''] : undefined;
          const value = isObject(body) ? valueAt(body, matching) : undefined;
          if (typeof value === 'string') {
            step.let = { ...(step.let ?? {}), [MATCH_VAR]: value };
            setFilter(step, `${formatPath(matching)} eq {{${MATCH_VAR}|quote}}`);
          } else {
            // Only a create tells which value the user has for the matching attribute.
            step.notApplicable = rewritten
              ? `a PATCH since the user's create may have changed its ${formatPath(matching)} (the run's matching attribute), so the value to look up is not known`
              : `no create comes before or after this lookup, so the user's ${formatPath(matching)} (the run's matching attribute) is not known`;
          }
        }
      }
      if (!attrs) return;
      // A lookup on an attribute the mapping does not send cannot find the user: not Entra's traffic here.
      const filtered = isUsersGet(step) && filter !== undefined ? FILTER_ATTRIBUTE.exec(filter)?.[1] : undefined;
      if (filtered !== undefined && !USER_FILTER.test(filter!) && !filtered.startsWith(formatPath(matching))) {
        let p: TargetPath | undefined;
        try {
          p = parseTargetPath(filtered);
        } catch {
          p = undefined;
        }
        if (p && !attrs.sentOnCreate(p) && step.notApplicable === undefined) step.notApplicable = `${mappingName} does not send ${filtered}, so Entra never looks users up by it`;
      }
      if (step.request.method === 'PATCH' && step.request.path.startsWith('/Users/')) {
        const names = bodyNames(step.request.body);
        if (names.length > 0 && names.every((n) => emptyPatch.has(n))) {
          const dropped = [...new Set(names.flatMap((n) => emptyPatch.get(n)!))];
          step.notApplicable = `${mappingName} does not send ${dropped.join(', ')} on update, so Entra never sends this request`;
        }
      }
      const paths = step.expect?.paths;
      if (paths && step.request.path.startsWith('/Users')) {
        // A step may expect different paths per profile ({"byProfile": {...}}): each is projected alike.
        const byProfile = Object.keys(paths).length === 1 && isObject(paths['byProfile']) ? paths['byProfile'] : undefined;
        const lists = (byProfile ? Object.values(byProfile) : [paths]).filter(isObject);
        for (const list of lists) {
          for (const key of Object.keys(list)) {
            let p: TargetPath | undefined;
            try {
              p = parseTargetPath(key);
            } catch {
              continue;
            }
            if (!attrs.sentOnCreate(p)) delete list[key];
          }
        }
        const earlierReplace = sequence.steps.slice(0, index).some((st) => st.catalogue === 'R-06b' && !st.notApplicable);
        if (earlierReplace && !addedToReadBack && step.verification) {
          for (const list of lists) for (const [p, value] of replaceAdditions) list[formatPath(p)] = value;
          addedToReadBack = true;
        }
        if (lists.every((list) => Object.keys(list).length === 0)) step.notApplicable = `${mappingName} sends none of the attributes this step judges`;
      }
    });
    if (secondary.length > 0) sequence.steps = sequence.steps.flatMap((step) => [step, ...furtherLookups(step, matchLookups.get(step), secondary)]);
  }
  return file;
}

/** After a matching lookup that finds nothing, Entra looks the user up by each further matching attribute. */
function furtherLookups(step: StepDef, createBody: Json | undefined, secondary: TargetPath[]): StepDef[] {
  if (!createBody || step.notApplicable !== undefined) return [];
  return secondary.flatMap((p, i) => {
    const value = valueAt(createBody, p);
    if (typeof value !== 'string') return [];
    const variable = `${MATCH_VAR}${i + 2}`;
    const next: StepDef = { ...clone(step), name: `${step.name}-then-${p.kind === 'extension' ? p.attr : formatPath(p)}`, let: { [variable]: value } };
    setFilter(next, `${formatPath(p)} eq {{${variable}|quote}}`);
    return [next];
  });
}

/** The attributes the mapping writes, as /Schemas declares them: top-level core names and URN-qualified extension attributes. */
function mappedAttributes(mapping: ProvisioningMapping): string[] {
  const names = new Map<string, string>();
  for (const a of mapping.users) {
    const p = parseTargetPath(a.path);
    const name = p.kind === 'extension' ? `${p.urn}:${p.attr}` : p.attr;
    names.set(name.toLowerCase(), name);
  }
  // Every create body sends "roles": [], mapped or not.
  names.set('roles', 'roles');
  return [...names.values()];
}

function setFilter(step: StepDef, filter: string): void {
  step.request.query = step.request.query!.map(([k, v]) => (k === 'filter' ? [k, filter] : [k, v]) as [string, string]);
}

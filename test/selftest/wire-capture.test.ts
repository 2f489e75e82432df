// The wire capture: every request the Entra suites send, recorded on the wire (a recording proxy in
// front of the reference server) while the sequence driver replays each fixtures/entra sequence in
// each profile, is compared with what the steps declare: Entra's requests in the steps' order, each
// with the shape of the catalogue request (entra-requests.md §4) its step names, and Entra's order
// (§3): a lookup before every create, no read-back in the cycle that created a resource, a read
// before every user PATCH, no PUT, no discovery. Every other request is labelled as verification.
import { CLIENT_PROFILES } from '../../src/profiles';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { loadSequenceFiles } from '../../src/sequences/fixtures';
import { stepLabel } from '../../src/sequences/types';
import { isVerification, seen, WireRecorder, type Seen } from './wire-capture';

const TOKEN = 'wire-capture-token-5d1e';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = '[^/?]+';

type Shape = (r: Seen) => string | undefined;

const ops = (r: Seen): Array<Record<string, any>> => (Array.isArray(r.body?.['Operations']) ? r.body!['Operations'] : []);
const opNames = (r: Seen) => ops(r).map((o) => String(o['op']).toLowerCase());
const isPatchOp = (r: Seen) => Array.isArray(r.body?.['schemas']) && r.body!['schemas'].includes(PATCH_URN) && ops(r).length > 0;
const filterOf = (r: Seen) => r.query.find(([k]) => k === 'filter')?.[1];
const literal = (filter: string | undefined, attr: RegExp) => {
  const m = filter ? new RegExp(`^(${attr.source}) eq "(.*)"$`).exec(filter) : null;
  return m ? (JSON.parse(`"${m[m.length - 1]}"`) as string) : undefined;
};

function expectThat(cond: boolean, what: string): string | undefined {
  return cond ? undefined : what;
}

/** A create with Entra's role objects: core schema, meta, roles of WindowsAzureActiveDirectoryRole. */
const rolesPost = (r: Seen, shape: (roles: Array<Record<string, unknown>>) => boolean): boolean =>
  r.method === 'POST' && r.path === '/Users' && !!r.body && r.body['schemas']?.includes(USER_URN) && r.body['meta']?.resourceType === 'User' && Array.isArray(r.body['roles']) && r.body['roles'].every((x: Record<string, unknown>) => x['type'] === 'WindowsAzureActiveDirectoryRole') && shape(r.body['roles']);
/** A user PATCH whose every operation targets "roles" with an array value, with one of these ops. */
const rolesPatch = (r: Seen, opsAllowed: string[]): boolean =>
  r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && ops(r).every((o) => o['path'] === 'roles' && opsAllowed.includes(String(o['op']).toLowerCase()) && Array.isArray(o['value']));

/** What each catalogue request looks like on the wire (entra-requests.md §4). */
const CATALOGUE: Record<string, Shape> = {
  'R-01': (r) => expectThat(r.method === 'GET' && r.path === '/Users' && r.query.length === 1 && GUID.test(literal(filterOf(r), /userName/) ?? ''), 'GET /Users?filter=userName eq "<random GUID>"'),
  'R-02': (r) => expectThat(r.method === 'GET' && r.path === '/Users' && r.query.length === 1 && literal(filterOf(r), /userName|externalId|emails\[type eq "work"\]\.value/) !== undefined, 'GET /Users?filter=<matching attribute> eq "<value>"'),
  'R-03': (r) => expectThat(r.method === 'GET' && new RegExp(`^/Users/${ID}$`).test(r.path) && r.rawQuery === '', 'GET /Users/{id} without parameters'),
  'R-04': (r) => expectThat(r.method === 'POST' && r.path === '/Users' && !!r.body && r.body['schemas']?.includes(USER_URN) && r.body['meta']?.resourceType === 'User' && Array.isArray(r.body['roles']) && !('id' in r.body), 'POST /Users with the core schema, meta.resourceType "User" and "roles"'),
  'R-05': (r) => expectThat(r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && ops(r).some((o) => /\[type eq "[a-z]+"\]/.test(String(o['path'] ?? ''))), 'PATCH /Users/{id} with a filtered path'),
  'R-06': (r) => expectThat(r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && opNames(r).every((o) => o === 'replace'), 'PATCH /Users/{id}: Replace'),
  'R-06a': (r) => expectThat(r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && opNames(r).every((o) => o === 'add'), 'PATCH /Users/{id}: Add'),
  'R-06b': (r) => expectThat(r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && opNames(r).every((o) => o === 'replace'), 'PATCH /Users/{id}: Replace of several attributes'),
  'R-07': (r) => expectThat(r.method === 'PATCH' && isPatchOp(r) && ops(r).length === 1 && ops(r)[0]['path'] === 'active' && [false, 'False'].includes(ops(r)[0]['value']), 'PATCH active false / "False"'),
  'R-08': (r) => expectThat(r.method === 'PATCH' && isPatchOp(r) && ops(r).length === 1 && ops(r)[0]['path'] === 'active' && [true, 'True'].includes(ops(r)[0]['value']), 'PATCH active true / "True"'),
  'R-09': (r) => expectThat(r.method === 'PATCH' && isPatchOp(r) && ops(r).every((o) => /(^|:)manager$/.test(String(o['path'])) && ['add', 'replace'].includes(String(o['op']).toLowerCase())), 'PATCH Add/Replace manager'),
  'R-09b': (r) => expectThat(r.method === 'PATCH' && isPatchOp(r) && ops(r).every((o) => o['path'] === 'manager' && Array.isArray(o['value'])), 'PATCH Add path "manager" with a [{$ref, value}] array'),
  'R-09c': (r) => expectThat(r.method === 'PATCH' && isPatchOp(r) && opNames(r).every((o) => o === 'remove') && ops(r).every((o) => /manager/.test(String(o['path']))), 'PATCH Remove manager'),
  'R-10': (r) => expectThat(r.method === 'DELETE' && new RegExp(`^/Users/${ID}$`).test(r.path), 'DELETE /Users/{id}'),
  'R-11': (r) => expectThat(r.method === 'GET' && new RegExp(`^/Groups/${ID}$`).test(r.path) && r.rawQuery === 'excludedAttributes=members', 'GET /Groups/{id}?excludedAttributes=members'),
  'R-12': (r) => expectThat(r.method === 'GET' && r.path === '/Groups' && /^excludedAttributes=members&filter=displayName\+eq\+%22/.test(r.rawQuery), 'GET /Groups?excludedAttributes=members&filter=displayName eq "…"'),
  'R-13': (r) => expectThat(r.method === 'POST' && r.path === '/Groups' && !!r.body && r.body['schemas']?.includes(GROUP_URN) && r.body['schemas']?.includes(ADSCIM_GROUP) && !('members' in r.body), 'POST /Groups with the ADSCIM schema and no members'),
  'R-14': (r) => expectThat(r.method === 'PATCH' && /^\/Groups\//.test(r.path) && isPatchOp(r) && ops(r).every((o) => o['path'] === 'displayName'), 'PATCH /Groups/{id} displayName'),
  'R-15': (r) => expectThat(r.method === 'PATCH' && /^\/Groups\//.test(r.path) && isPatchOp(r) && ops(r).every((o) => String(o['op']).toLowerCase() === 'add' && o['path'] === 'members' && Array.isArray(o['value'])), 'PATCH /Groups/{id} Add members [{value}]'),
  'R-16': (r) => expectThat(r.method === 'PATCH' && /^\/Groups\//.test(r.path) && isPatchOp(r) && ops(r).every((o) => String(o['op']).toLowerCase() === 'remove' && (o['path'] === 'members' ? Array.isArray(o['value']) : /^members\[value eq ".+"\]$/.test(String(o['path'])))), 'PATCH /Groups/{id} Remove members'),
  'R-17': (r) => expectThat(r.method === 'DELETE' && new RegExp(`^/Groups/${ID}$`).test(r.path), 'DELETE /Groups/{id}'),
  // roles via expression mappings. The POST carries the role objects; the PATCH targets "roles"
  // (default: Add with JSON-encoded role strings in value; R-19c: replace of the whole set).
  'R-19a': (r) => expectThat(rolesPost(r, (roles) => roles.filter((x) => x['primary'] === true).length === 1) || rolesPatch(r, ['add', 'replace']), 'POST /Users with one primary role, or PATCH Add on roles'),
  'R-19b': (r) => expectThat(rolesPost(r, (roles) => roles.length > 1 && roles.every((x) => x['primary'] === false && 'displayName' in x)) || rolesPatch(r, ['add']), 'POST /Users with several non-primary roles (displayName), or PATCH Add on roles'),
  'R-19c': (r) => expectThat(rolesPost(r, (roles) => roles.length > 1 && roles.every((x) => x['primary'] === false && 'display' in x)) || rolesPatch(r, ['replace']), 'POST /Users with several non-primary roles (display), or PATCH replace of roles'),
  'R-20': (r) => expectThat(r.method === 'PATCH' && /^\/Users\//.test(r.path) && isPatchOp(r) && ops(r).every((o) => String(o['op']).toLowerCase() === 'add' && /^urn:ietf:params:scim:schemas:extension:(?!enterprise:)[^:]+:2\.0:User:\w+$/.test(String(o['path'])) && Array.isArray(o['value']) && o['value'].every((v: unknown) => typeof v === 'object' && v !== null && 'value' in v)), 'PATCH Add on a custom extension attribute path with [{value}, …]'),
};

let server: ReferenceServer;
const recorder = new WireRecorder();

beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN });
  await recorder.start(server.baseUrl);
});

afterAll(async () => {
  await recorder.stop();
  await server.close();
});

const cases = loadSequenceFiles('entra').flatMap(({ name, file }) => CLIENT_PROFILES.entra.flatMap((profile) => file.sequences.map((sequence) => ({ name, file, sequence, profile }))));

describe('wire capture of the Entra suites', () => {
  test.each(cases.map((c, n) => [`${c.sequence.id} [${c.profile}]`, c, n] as const))('%s sends Entra\'s requests, in Entra\'s order, and labels the rest as verification', async (_title, { file, sequence, profile }, n) => {
    const { sent } = await recorder.capture(file, sequence, profile, n, { token: TOKEN });
    const entraSteps = sequence.steps.filter((s) => !s.verification);
    const entra = sent.filter((s) => !isVerification(s.label));
    const problems: string[] = [];

    // 1. Exactly the declared Entra steps, in order, each with its catalogue request's shape.
    expect(entra.map((s) => s.label)).toEqual(entraSteps.map((s) => `${sequence.id} › ${stepLabel(s)}`));
    entraSteps.forEach((step, i) => {
      const r = seen(entra[i]!.wire);
      if (!step.catalogue) return problems.push(`${step.name}: names no catalogue request`);
      const shape = CATALOGUE[step.catalogue];
      if (!shape) return problems.push(`${step.name}: unknown catalogue request ${step.catalogue}`);
      const wrong = shape(r);
      if (wrong) problems.push(`${step.name} (${step.catalogue}): expected ${wrong}, sent ${r.method} ${entra[i]!.wire.target} ${entra[i]!.wire.body}`);
      // §1: compact JSON with Entra's content type on bodies; form-encoded filters; no body headers on GET.
      const w = entra[i]!.wire;
      if (w.body !== '' && (w.body !== JSON.stringify(JSON.parse(w.body)) || w.headers['content-type'] !== 'application/scim+json; charset=utf-8')) problems.push(`${step.name}: body not compact scim+json`);
      if (w.method === 'GET' && (w.headers['content-type'] !== undefined || w.body !== '')) problems.push(`${step.name}: GET with a body or Content-Type`);
      if (/filter=/.test(r.rawQuery) && !/\+eq\+%22/.test(r.rawQuery)) problems.push(`${step.name}: filter not form-encoded (+ and %22)`);
    });

    // 2. Nothing Entra never sends: no PUT, no discovery.
    for (const s of entra) {
      if (s.wire.method === 'PUT') problems.push(`${s.label}: PUT`);
      if (/^\/(Schemas|ServiceProviderConfig|ResourceTypes)/.test(seen(s.wire).path)) problems.push(`${s.label}: discovery`);
    }

    // 3. Entra's order (§3.3, §3.4, §3.8): lookup (no match) right before a create; a created resource
    //    is next addressed only in a later cycle (after a random-GUID probe); every user PATCH follows a read.
    const createdInCycle = new Set<string>();
    entra.forEach((s, i) => {
      const r = seen(s.wire);
      const prev = i > 0 ? seen(entra[i - 1]!.wire) : undefined;
      if (r.method === 'POST') {
        // The lookup by a matching attribute (userName, externalId or the work e-mail) of the value the create sends.
        const work = Array.isArray(r.body?.['emails']) ? r.body!['emails'].find((e: { type?: string }) => e.type === 'work')?.value : undefined;
        const sentValue: Record<string, unknown> = r.path === '/Users' ? { userName: r.body?.['userName'], externalId: r.body?.['externalId'], 'emails[type eq "work"].value': work } : { displayName: r.body?.['displayName'] };
        const m = prev && prev.method === 'GET' && prev.path === r.path ? /^(userName|externalId|emails\[type eq "work"\]\.value|displayName) eq "(.*)"$/.exec(filterOf(prev) ?? '') : null;
        const lookedUp = m ? (JSON.parse(`"${m[2]}"`) as string) : undefined;
        const found = entra[i - 1]?.exchange.response?.json as { totalResults?: number } | undefined;
        if (!m || lookedUp !== sentValue[m[1]!] || found?.totalResults !== 0) problems.push(`${s.label}: not preceded by a lookup of a matching attribute's value that found nothing`);
        const id = (s.exchange.response?.json as { id?: string } | undefined)?.id;
        if (id) createdInCycle.add(`${r.path}/${id}`);
      }
      if (r.method === 'GET' && r.path === '/Users' && GUID.test(literal(filterOf(r), /userName/) ?? '')) createdInCycle.clear();
      // §3.8: a group is created with an empty members list and its members are added next.
      const addsMembers = r.method === 'PATCH' && r.path.startsWith('/Groups/') && isPatchOp(r) && ops(r).every((o) => String(o['op']).toLowerCase() === 'add' && o['path'] === 'members');
      if (r.method !== 'POST' && !addsMembers && [...createdInCycle].some((p) => r.path === p)) problems.push(`${s.label}: addresses a resource in the cycle that created it (Entra keeps the id and reads nothing back)`);
      if (r.method === 'PATCH' && r.path.startsWith('/Users/') && !(prev && prev.method === 'GET' && prev.path === r.path)) problems.push(`${s.label}: user PATCH not preceded by Entra's read of the user (R-03)`);
    });
    // On demand (§3.15): the default shapes even with aadOptscim062020 (Pascal-case ops, string booleans),
    // at most five members per group PATCH, no roles.
    if (sequence.family === 'on-demand') {
      for (const s of entra) {
        const r = seen(s.wire);
        for (const o of ops(r)) if (!['Add', 'Replace', 'Remove'].includes(String(o['op'])) || typeof o['value'] === 'boolean') problems.push(`${s.label}: not the default PATCH shape (on-demand ignores aadOptscim062020)`);
        for (const o of ops(r)) if (o['path'] === 'members' && Array.isArray(o['value']) && o['value'].length > 5) problems.push(`${s.label}: more than five members in one on-demand request`);
        if (r.method === 'POST' && Array.isArray(r.body?.['roles']) && r.body!['roles'].length > 0) problems.push(`${s.label}: roles (on-demand provisioning does not support them)`);
      }
    }
    // Each probe uses a fresh GUID.
    const probes = entra.map((s) => literal(filterOf(seen(s.wire)), /userName/)).filter((v): v is string => v !== undefined && GUID.test(v));
    if (new Set(probes).size !== probes.length) problems.push('a random-GUID probe repeated its GUID');

    // 4. Everything else is the harness's verification: labelled so, and only reads (or the duplicate-name probe).
    for (const s of sent.filter((x) => isVerification(x.label))) {
      if (!['GET', 'POST'].includes(s.wire.method) && !/no-token/.test(s.label)) problems.push(`${s.label}: a verification request that writes (${s.wire.method})`);
    }
    expect(problems).toEqual([]);
  }, 30_000);
});

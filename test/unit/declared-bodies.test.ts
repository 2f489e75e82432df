// The RFC suite's requests fitted to what an endpoint's /Schemas declares (src/sequences/declared-bodies.ts).
import { loadSequenceFiles } from '../../src/sequences/fixtures';
import { filterAttributes, fitToDeclared } from '../../src/sequences/declared-bodies';
import type { DiscoverySnapshot } from '../../src/runner/discovery';
import type { SequenceFile, StepDef } from '../../src/sequences/types';
import { SCHEMAS } from '../../src/server/schema-defs';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const str = (name: string) => ({ name, type: 'string', multiValued: false });

/** An endpoint that declares userName, name (given and family only), displayName, title, emails and the enterprise employeeNumber. */
function snapshot(schemas: { status: number; body?: unknown } = { status: 200 }): DiscoverySnapshot {
  const body = {
    Resources: [
      {
        id: USER,
        attributes: [
          str('userName'),
          { name: 'name', type: 'complex', multiValued: false, subAttributes: [str('givenName'), str('familyName')] },
          str('displayName'),
          str('title'),
          { name: 'emails', type: 'complex', multiValued: true, subAttributes: [str('value'), str('type'), { name: 'primary', type: 'boolean' }] },
          { name: 'active', type: 'boolean' },
        ],
      },
      { id: ENT, attributes: [str('employeeNumber')] },
    ],
  };
  return {
    serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 200', status: 200, body: { patch: { supported: true } } },
    resourceTypes: { request: 'GET /ResourceTypes -> 200', status: 200, body: { Resources: [{ name: 'User', schema: USER, schemaExtensions: [{ schema: ENT }] }] } },
    schemas: { request: `GET /Schemas -> ${schemas.status}`, ...schemas, ...(schemas.status === 200 && schemas.body === undefined ? { body } : {}) },
  };
}

const step = (s: Partial<StepDef> & Pick<StepDef, 'name' | 'request'>): StepDef => ({ response: 'User', checks: [], ...s });

function file(bodies: Record<string, unknown>, steps: StepDef[], id = 'seq'): SequenceFile {
  return { bodies, profileIndependent: true, sequences: [{ id, title: id, steps }] };
}

describe('fitToDeclared', () => {
  const bodies = {
    user: {
      schemas: [USER, ENT],
      userName: '{{userName}}',
      externalId: 'x',
      name: { givenName: 'Pat', middleName: 'Q', familyName: 'Quinn' },
      displayName: 'Pat Quinn',
      nickName: 'pq',
      title: 'Analyst',
      phoneNumbers: [{ value: '+1', type: 'work' }],
      emails: [{ value: 'a@example.test', type: 'work', display: 'A' }],
      [ENT]: { employeeNumber: '1', department: 'R&D' },
    },
  };

  it('takes undeclared attributes and sub-attributes out of a create body, keeping the common ones', () => {
    const out = fitToDeclared(file(bodies, [step({ name: 'create', request: { method: 'POST', path: '/Users', body: '@user' } })]), snapshot());
    expect(out.bodies['user']).toEqual({
      schemas: [USER, ENT],
      userName: '{{userName}}',
      externalId: 'x',
      name: { givenName: 'Pat', familyName: 'Quinn' },
      displayName: 'Pat Quinn',
      title: 'Analyst',
      emails: [{ value: 'a@example.test', type: 'work' }],
      [ENT]: { employeeNumber: '1' },
    });
    expect(out.sequences[0]!.steps[0]!.notApplicable).toBeUndefined();
  });

  it('does not modify the file it is given', () => {
    const input = file(bodies, [step({ name: 'create', request: { method: 'POST', path: '/Users', body: '@user' } })]);
    const copy = JSON.parse(JSON.stringify(input)) as SequenceFile;
    fitToDeclared(input, snapshot());
    expect(input).toEqual(copy);
  });

  it('drops PATCH operations on undeclared attributes; a PATCH with none left does not apply', () => {
    const patch = (ops: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops });
    const steps = [
      step({ name: 'mixed', request: { method: 'PATCH', path: '/Users/{{id}}', body: patch([{ op: 'add', path: 'locale', value: 'C' }, { op: 'add', path: 'name.middleName', value: 'Q' }, { op: 'replace', path: 'emails[type eq "work"].value', value: 'b' }]) } }),
      step({ name: 'only-undeclared', request: { method: 'PATCH', path: '/Users/{{id}}', body: patch([{ op: 'add', path: 'phoneNumbers[type eq "work"].value', value: '1' }]) } }),
      step({ name: 'pathless', request: { method: 'PATCH', path: '/Users/{{id}}', body: patch([{ op: 'replace', value: { title: 'T', locale: 'x', 'name.middleName': 'Q' } }]) } }),
      step({ name: 'malformed', malformed: 'remove without a path', response: 'Error', request: { method: 'PATCH', path: '/Users/{{id}}', body: patch([{ op: 'remove' }]) } }),
    ];
    const out = fitToDeclared(file({}, steps), snapshot()).sequences[0]!.steps;
    expect((out[0]!.request.body as { Operations: unknown[] }).Operations).toEqual([{ op: 'replace', path: 'emails[type eq "work"].value', value: 'b' }]);
    expect(out[0]!.notApplicable).toBeUndefined();
    expect(out[1]!.notApplicable).toMatch(/every operation of the PATCH targets an attribute that \/Schemas does not declare phoneNumbers/);
    expect((out[2]!.request.body as { Operations: unknown[] }).Operations).toEqual([{ op: 'replace', value: { title: 'T' } }]);
    expect(out[3]!.request.body).toEqual(steps[3]!.request.body);
    expect(out[3]!.notApplicable).toBeUndefined();
  });

  it('lets a declared attribute the sequence does not use stand in for an undeclared one, in bodies, operations and expectations', () => {
    const steps = [
      step({ name: 'create', request: { method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'u', nickName: 'pq', title: 'T' } }, capture: { id: 'id' } }),
      step({ name: 'remove', request: { method: 'PATCH', path: '/Users/{{id}}', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'nickName' }] } } }),
      step({ name: 'read', request: { method: 'GET', path: '/Users/{{id}}' }, checks: ['rfc7644.patch.operations'], expect: { absent: ['nickName'] } }),
    ];
    const out = fitToDeclared(file({}, steps), snapshot()).sequences[0]!.steps;
    // title is used by the sequence, so displayName stands in for nickName.
    expect(out[0]!.request.body).toEqual({ schemas: [USER], userName: 'u', displayName: 'pq', title: 'T' });
    expect((out[1]!.request.body as { Operations: unknown[] }).Operations).toEqual([{ op: 'remove', path: 'displayName' }]);
    expect(out[2]!.expect).toEqual({ absent: ['displayName'] });
    expect(out.every((s) => s.notApplicable === undefined)).toBe(true);
  });

  it('marks a read-back that only reads undeclared attributes, and the steps that need what a skipped step captures', () => {
    const steps = [
      step({ name: 'create', request: { method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'u', password: 'p' } }, capture: { userId: 'id' }, checks: ['rfc7643.attributes.returned-never'], expect: { absent: ['password'] } }),
      step({ name: 'get', request: { method: 'GET', path: '/Users/{{userId}}' }, checks: ['rfc7644.get.by-id'] }),
    ];
    const out = fitToDeclared(file({}, steps), snapshot()).sequences[0]!.steps;
    expect(out[0]!.notApplicable).toMatch(/what it reads back is only password, and \/Schemas does not declare password/);
    expect(out[1]!.notApplicable).toMatch(/needs "userId" from step "create"/);
  });

  it('skips a filter or sort on an undeclared attribute and trims projections', () => {
    const steps = [
      step({ name: 'pr', response: 'UserList', request: { method: 'GET', path: '/Users', query: [['filter', 'name.familyName eq "x" and name.middleName pr']] } }),
      step({ name: 'urn', response: 'UserList', request: { method: 'GET', path: '/Users', query: [['filter', `${USER}:name.familyName eq "x" and ${ENT}:employeeNumber eq "3"`]] } }),
      step({ name: 'project', request: { method: 'GET', path: '/Users/1', query: [['attributes', 'userName,nickName']] }, expect: { paths: { userName: 'u' }, absent: ['nickName', 'emails'] } }),
    ];
    const out = fitToDeclared(file({}, steps), snapshot()).sequences[0]!.steps;
    expect(out[0]!.notApplicable).toMatch(/its filter names name\.middleName/);
    expect(out[1]!.notApplicable).toBeUndefined();
    expect(out[2]!.request.query).toEqual([['attributes', 'userName']]);
    expect(out[2]!.expect).toEqual({ paths: { userName: 'u' }, absent: ['emails'] });
  });

  it("without a readable /Schemas, keeps what RFC 7643 requires and Entra's default mapping sends", () => {
    const out = fitToDeclared(file(bodies, [step({ name: 'create', request: { method: 'POST', path: '/Users', body: '@user' } })]), snapshot({ status: 404 }));
    expect(out.bodies['user']).toEqual({
      schemas: [USER, ENT],
      userName: '{{userName}}',
      externalId: 'x',
      name: { givenName: 'Pat', familyName: 'Quinn' },
      displayName: 'Pat Quinn',
      title: 'Analyst',
      phoneNumbers: [{ value: '+1', type: 'work' }],
      emails: [{ value: 'a@example.test', type: 'work' }],
      [ENT]: { employeeNumber: '1', department: 'R&D' },
    });
  });

  it('names the attributes of a filter, value paths included', () => {
    expect(filterAttributes('name.familyName eq "a b" and (emails[type eq "work" and value co "@x."] or not (title pr))')).toEqual([
      ['emails'],
      ['emails', 'type'],
      ['emails', 'value'],
      ['name', 'familyName'],
      ['title'],
    ]);
  });

  it('leaves the RFC fixtures as written for an endpoint that declares all of RFC 7643 (the reference server), and is idempotent', () => {
    const full: DiscoverySnapshot = {
      ...snapshot(),
      resourceTypes: { request: 'GET /ResourceTypes -> 200', status: 200, body: { Resources: [{ name: 'User', schema: USER, schemaExtensions: [{ schema: ENT }] }, { name: 'Group', schema: 'urn:ietf:params:scim:schemas:core:2.0:Group' }] } },
      schemas: { request: 'GET /Schemas -> 200', status: 200, body: { Resources: JSON.parse(JSON.stringify(SCHEMAS)) as unknown } },
    };
    for (const { name, file: f } of loadSequenceFiles('rfc')) {
      expect({ name, file: fitToDeclared(f, full) }).toEqual({ name, file: f });
      const once = fitToDeclared(f, snapshot());
      expect({ name, file: fitToDeclared(once, snapshot()) }).toEqual({ name, file: once });
    }
  });
});

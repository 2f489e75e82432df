// Filter parser and evaluator (RFC 7644 §3.4.2.2), without HTTP.
import { ScimError } from '../../src/server/errors';
import { matchesElement, matchesResource, parseFilter, parsePatchPath, type FilterNode } from '../../src/server/filter';
import { parseAttrPath } from '../../src/server/paths';
import { findAttr, RESOURCE_TYPES, SCHEMAS } from '../../src/server/schema-defs';
import { hooksFor } from '../../src/server/switches';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;

const alice = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Alice-Ext',
  userName: 'Alice@Example.com',
  displayName: 'Alice "Al" Smith',
  title: 'Café Owner',
  name: { givenName: 'Alice', familyName: 'Smith' },
  active: true,
  emails: [
    { value: 'alice@work.example', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  phoneNumbers: [{ value: '555-1234', type: 'mobile' }],
  [ENT]: { employeeNumber: 'E-100', manager: { value: 'boss-1', $ref: 'http://x/Users/boss-1' } },
  meta: {
    resourceType: 'User',
    created: '2024-01-10T10:00:00.000Z',
    lastModified: '2024-03-01T12:30:00Z',
    location: 'http://x/Users/2819c223',
    version: 'W/"3"',
  },
};

const bob = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'b0b',
  userName: 'bob',
  active: false,
  meta: { resourceType: 'User', created: '2023-05-01T00:00:00Z', lastModified: '2023-05-01T00:00:00Z' },
};

const m = (filter: string, resource: object = alice): boolean => matchesResource(parseFilter(filter), resource, User);

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('expected a ScimError');
}

describe('parser', () => {
  test('builds an AST for a comparison', () => {
    expect(parseFilter('userName eq "bjensen"')).toEqual({
      kind: 'compare',
      path: { attr: 'userName' },
      op: 'eq',
      value: 'bjensen',
    });
  });

  test('"and" binds tighter than "or"', () => {
    const ast = parseFilter('a eq 1 or b eq 2 and c eq 3') as Extract<FilterNode, { left: FilterNode }>;
    expect(ast.kind).toBe('or');
    expect(ast.right.kind).toBe('and');
    const left = parseFilter('a eq 1 and b eq 2 or c eq 3') as Extract<FilterNode, { left: FilterNode }>;
    expect(left.kind).toBe('or');
    expect(left.left.kind).toBe('and');
  });

  test('parentheses override precedence', () => {
    const ast = parseFilter('(a eq 1 or b eq 2) and c eq 3');
    expect(ast.kind).toBe('and');
  });

  test('keywords and operators are case-insensitive', () => {
    expect(parseFilter('userName EQ "x" AND active Eq TRUE')).toEqual(parseFilter('userName eq "x" and active eq true'));
    expect(parseFilter('NOT (title PR)').kind).toBe('not');
  });

  test('URN-qualified paths and sub-attributes', () => {
    expect(parseAttrPath(`${ENT}:employeeNumber`)).toEqual({ urn: ENT, attr: 'employeeNumber' });
    expect(parseAttrPath(`${ENT}:manager.value`)).toEqual({ urn: ENT, attr: 'manager', sub: 'value' });
    expect(parseAttrPath('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName')).toEqual({
      urn: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attr: 'name',
      sub: 'familyName',
    });
    expect(parseAttrPath('urn:ietf:params:scim:schemas:extension:custom:2.0:User:worksiteId')).toEqual({
      urn: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User',
      attr: 'worksiteId',
    });
    expect(parseAttrPath('members.$ref')).toEqual({ attr: 'members', sub: '$ref' });
  });

  test('string literals decode JSON escapes', () => {
    const ast = parseFilter('displayName eq "a \\"quoted\\" \\\\ caf\\u00e9"') as Extract<FilterNode, { kind: 'compare' }>;
    expect(ast.value).toBe('a "quoted" \\ café');
  });

  test('literals: numbers, true, false, null', () => {
    const lit = (f: string): unknown => (parseFilter(f) as Extract<FilterNode, { kind: 'compare' }>).value;
    expect(lit('x eq 42')).toBe(42);
    expect(lit('x eq -1.5e2')).toBe(-150);
    expect(lit('x eq true')).toBe(true);
    expect(lit('x eq False')).toBe(false);
    expect(lit('x eq null')).toBeNull();
  });

  test('value paths, with and without a trailing sub-attribute comparison', () => {
    expect(parseFilter('emails[type eq "work" and value co "@"]').kind).toBe('valuePath');
    const ast = parseFilter('emails[type eq "work"].value eq "x"');
    expect(ast).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
        right: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: 'x' },
      },
    });
  });

  test.each([
    ['', 'empty'],
    ['userName', 'no operator'],
    ['userName eq', 'no value'],
    ['userName xx "a"', 'unknown operator'],
    ['userName eq "unterminated', 'unterminated string'],
    ['userName eq bjensen', 'unquoted string'],
    ['userName eq "a" and', 'dangling and'],
    ['(userName eq "a"', 'missing )'],
    ['userName eq "a")', 'extra )'],
    ['emails[type eq "work"', 'missing ]'],
    ['emails[type eq "work" and phones[type eq "x"]]', 'nested value path'],
    ['userName eq "\\x"', 'bad escape'],
    ['1abc eq "a"', 'bad attribute name'],
    ['name.given.x eq "a"', 'too many dots'],
    ['not userName eq "a"', 'not without parentheses'],
  ])('rejects %j (%s) with 400 invalidFilter', (filter) => {
    const e = scimError(() => parseFilter(filter));
    expect(e.status).toBe(400);
    expect(e.scimType).toBe('invalidFilter');
  });
});

describe('evaluator', () => {
  test('eq is case-insensitive for caseExact:false attributes (userName)', () => {
    expect(m('userName eq "alice@example.com"')).toBe(true);
    expect(m('USERNAME eq "ALICE@EXAMPLE.COM"')).toBe(true);
  });

  test('eq is case-sensitive for caseExact attributes (id, externalId)', () => {
    expect(m('externalId eq "Alice-Ext"')).toBe(true);
    expect(m('externalId eq "alice-ext"')).toBe(false);
    expect(m('id eq "2819C223-7F76-453A-919D-413861904646"')).toBe(false);
  });

  test('the filterCaseExact option (the filter-case-sensitive fault) makes every string comparison case-sensitive, and nothing else', () => {
    const caseSensitive = hooksFor(['filter-case-sensitive']);
    for (const op of ['eq "alice@example.com"', 'sw "alice"', 'co "alice@"', 'ew "@EXAMPLE.com"']) expect(matchesResource(parseFilter(`userName ${op}`), alice, User, caseSensitive)).toBe(false);
    expect(matchesResource(parseFilter('userName pr'), alice, User, caseSensitive)).toBe(true);
    expect(matchesResource(parseFilter('userName sw "Alice"'), alice, User, caseSensitive)).toBe(true);
  });

  test.each([
    ['userName ne "bob"', true],
    ['userName ne "alice@example.com"', false],
    ['userName co "@EXAMPLE"', true],
    ['userName sw "ali"', true],
    ['userName sw "lice"', false],
    ['userName ew ".COM"', true],
    ['title pr', true],
    ['nickName pr', false],
    ['title eq "café owner"', true],
    ['userName gt "aaa"', true],
    ['userName gt "b"', false],
    ['userName ge "alice@example.com"', true],
    ['userName lt "b"', true],
    ['userName le "alice@example.com"', true],
  ])('string operator: %s → %s', (filter, expected) => {
    expect(m(filter)).toBe(expected);
  });

  test('booleans', () => {
    expect(m('active eq true')).toBe(true);
    expect(m('active eq false')).toBe(false);
    expect(m('active eq false', bob)).toBe(true);
    expect(m('active ne true', bob)).toBe(true);
    expect(scimError(() => m('active gt true')).scimType).toBe('invalidFilter');
  });

  test('dateTime attributes compare as instants, not strings', () => {
    expect(m('meta.lastModified gt "2024-03-01T12:29:59.999Z"')).toBe(true);
    expect(m('meta.lastModified eq "2024-03-01T12:30:00.000Z"')).toBe(true);
    expect(m('meta.lastModified lt "2024-03-01T13:30:00+01:00"')).toBe(false);
    expect(m('meta.created ge "2024-01-10T10:00:00Z"')).toBe(true);
    expect(m('meta.created le "2023-12-31T23:59:59Z"')).toBe(false);
    expect(scimError(() => m('meta.created gt "yesterday"')).scimType).toBe('invalidFilter');
  });

  test('and, or, not, parentheses', () => {
    expect(m('userName eq "bob" or title sw "caf"')).toBe(true);
    expect(m('userName eq "bob" and title sw "caf"')).toBe(false);
    expect(m('not (userName eq "bob")')).toBe(true);
    // or(a, and(b, c)) vs and(or(a, b), c)
    expect(m('title pr or userName eq "x" and nickName pr')).toBe(true);
    expect(m('(title pr or userName eq "x") and nickName pr')).toBe(false);
  });

  test('multi-valued attributes match when any value matches', () => {
    expect(m('emails.value eq "alice@home.example"')).toBe(true);
    expect(m('emails.type eq "other"')).toBe(false);
    expect(m('emails co "home"')).toBe(true); // complex without sub-attribute compares "value"
  });

  test('value paths select elements; the whole filter must hold for one element', () => {
    expect(m('emails[type eq "work" and value co "@work"]')).toBe(true);
    expect(m('emails[type eq "work" and value co "@home"]')).toBe(false);
    expect(m('emails[type eq "WORK"].value eq "ALICE@work.example"')).toBe(true);
    expect(m('emails[type eq "home"].value eq "alice@work.example"')).toBe(false);
    expect(m('emails[primary eq true].value ew "work.example"')).toBe(true);
    expect(m('phoneNumbers[type eq "mobile"] and userName sw "a"')).toBe(true);
    expect(m('emails[not (type eq "work")]')).toBe(true);
  });

  test('URN-qualified extension attributes and manager references', () => {
    expect(m(`${ENT}:employeeNumber eq "e-100"`)).toBe(true);
    expect(m(`${ENT}:manager.value eq "boss-1"`)).toBe(true);
    expect(m('manager eq "boss-1"')).toBe(true); // unqualified name found in the extension
    expect(m(`id eq "${alice.id}" and manager eq "boss-1"`)).toBe(true); // legacy Entra reference query
  });

  test('eq null / ne null test absence / presence', () => {
    expect(m('nickName eq null')).toBe(true);
    expect(m('title ne null')).toBe(true);
  });

  test('unknown attributes match nothing', () => {
    expect(m('favouriteColour eq "blue"')).toBe(false);
    expect(m('urn:example:unknown:2.0:User:x eq "blue"')).toBe(false);
  });

  test('Group members', () => {
    const g = { id: 'g1', displayName: 'Eng', members: [{ value: 'u1', type: 'User' }, { value: 'u2', type: 'User' }] };
    expect(matchesResource(parseFilter('members eq "u2"'), g, Group)).toBe(true);
    expect(matchesResource(parseFilter('members[value eq "u3"]'), g, Group)).toBe(false);
    expect(matchesResource(parseFilter('displayName eq "eng"'), g, Group)).toBe(true);
  });

  test('matchesElement evaluates sub-attributes of one element with their definitions', () => {
    const emails = findAttr(SCHEMAS[0]!.attributes, 'emails');
    expect(matchesElement(parseFilter('type eq "Work"'), { type: 'work', value: 'x' }, emails)).toBe(true);
    expect(matchesElement(parseFilter('primary eq "True"'), { primary: true }, emails)).toBe(true);
    const roles = findAttr(SCHEMAS[0]!.attributes, 'roles');
    expect(matchesElement(parseFilter('value eq "admin"'), { value: 'Admin' }, roles)).toBe(true);
  });
});

describe('PATCH paths', () => {
  test('simple, sub-attribute, URN-qualified and value-filter paths', () => {
    expect(parsePatchPath('title')).toEqual({ attr: 'title' });
    expect(parsePatchPath('name.givenName')).toEqual({ attr: 'name', sub: 'givenName' });
    expect(parsePatchPath(`${ENT}:manager`)).toEqual({ urn: ENT, attr: 'manager' });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      attr: 'emails',
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
      sub: 'value',
    });
    expect(parsePatchPath('members[value eq "7f4b"]').filter).toBeDefined();
  });

  test.each(['emails[type eq "work"', 'name.givenName[type eq "x"]', 'emails[type eq "work"] x', '1bad', 'emails[type]'])(
    'rejects %j with 400 invalidPath',
    (p) => {
      const e = scimError(() => parsePatchPath(p));
      expect(e.scimType).toBe('invalidPath');
    },
  );
});

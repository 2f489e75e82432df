// fast-check arbitraries for what a real Entra tenant holds and sends: UPN-shaped userNames,
// names with accents, apostrophes and quotes, addresses, phone numbers, enterprise attributes, group
// names with quotes and backslashes. Sizes stay within what Entra sends (a UPN local part of at most
// 64 characters, display names well under Entra's 256). Every value shrinks towards a short plain
// one, so a counterexample ends as small as the failure allows: one attribute, one character.
import fc from 'fast-check';
import { CHANGEABLE, SINGLE_VALUED, scopedValue, withDerived, type AttrSpec, type Attrs } from './user-state';

// ---------------------------------------------------------------- characters and words

const ASCII_LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '0123456789'.split('');
/** Letters real directories hold: Latin with diacritics, Nordic, Polish, Turkish, Greek, Cyrillic, CJK, Hangul, Arabic, Hebrew. */
const NON_ASCII = 'éèêëáàâäãåæçíïîñóöôõøœßúüûýÿłśżźćńğışőűčřšžđÉÖØÅŁŽÇÑÞðαβΩДжЯ李王张さクス한글اللאשệăơ'.split('');

const lower = fc.constantFrom(...ASCII_LOWER);
const upper = fc.constantFrom(...ASCII_UPPER);
const digit = fc.constantFrom(...DIGITS);
const nonAscii = fc.constantFrom(...NON_ASCII);
/** A letter of a personal name: ASCII first (so shrinking prefers it), non-ASCII often. */
const nameLetter = fc.oneof({ withCrossShrink: true }, { arbitrary: lower, weight: 4 }, { arbitrary: nonAscii, weight: 3 }, { arbitrary: upper, weight: 1 });
const alnum = fc.oneof({ withCrossShrink: true }, { arbitrary: lower, weight: 3 }, { arbitrary: upper, weight: 2 }, { arbitrary: digit, weight: 2 });

/** A value or nothing, nothing `absent` times in `absent + present`; shrinks to nothing first. */
function optional<T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: present });
}

const chars = (unit: fc.Arbitrary<string>, minLength: number, maxLength: number) => fc.string({ unit, minLength, maxLength });

/** "Zoë", "O'Brien", "d'Ávila", "McIntyre": a capitalised-or-not word with an optional particle. */
const nameWord = fc
  .tuple(fc.option(fc.constantFrom("O'", "d'", "D'", 'Mc', "l'", 'van '), { freq: 4, nil: '' }), chars(nameLetter, 1, 10))
  .map(([particle, word]) => particle + word);

/** Words joined by single spaces or hyphens: "Anne-Marie", "de la Cruz", "Jean Luc". */
const nameWords = (max: number) =>
  fc.array(fc.tuple(fc.constantFrom(' ', '-'), nameWord), { minLength: 1, maxLength: max }).map((ws) => ws.map(([sep, w], i) => (i === 0 ? w : sep + w)).join(''));

/** A display name: given and family words, sometimes with a quoted nickname (`Robert "Bob" Smith`). */
const displayName = fc
  .tuple(nameWords(2), fc.option(nameWord.map((w) => `"${w}"`), { freq: 4, nil: '' }), fc.option(nameWords(2), { freq: 3, nil: '' }))
  .map(([first, nick, last]) => [first, nick, last].filter((p) => p !== '').join(' '));

const phrase = (vocabulary: readonly string[], maxWords: number) =>
  fc.array(fc.oneof({ withCrossShrink: true }, { arbitrary: nameWord, weight: 1 }, { arbitrary: fc.constantFrom(...vocabulary), weight: 2 }), { minLength: 1, maxLength: maxWords }).map((ws) => ws.join(' '));

const TITLE_WORDS = ['Engineer', 'Senior', 'Sr.', 'Manager', 'VP,', 'R&D', 'Head of', 'Sales/Marketing', '(Acting)', '#2', 'Ingénieur', 'Directrice', 'Sachbearbeiterin', 'Jefe', 'Lead'];
const DEPARTMENT_WORDS = ['Engineering', 'R&D', 'Sales & Marketing', 'Forschung/Entwicklung', 'Ventes', 'Équipe', 'IT-Support', 'HR', 'Finance (EMEA)', 'Østlandet'];
const STREET_WORDS = ['Main Street', "Rue de l'Église", 'Königstraße', 'Calle Mayor', 'ul. Długa', 'Way', 'Avenue', 'Bldg. 3', 'Suite #400', 'c/o'];
const PLACES = ['Redmond', 'Zürich', 'São Paulo', 'Kraków', 'Reykjavík', 'Montréal', "L'Aquila", 'Århus', 'Düsseldorf', 'New York'];
const REGIONS = ['WA', 'Île-de-France', 'Bayern', 'Ontario', 'Hovedstaden', 'NSW'];
const DOMAINS = ['contoso.com', 'fabrikam.onmicrosoft.com', 'example.test', 'tailspin-toys.co.uk', 'm365x214355.onmicrosoft.com'];

// ---------------------------------------------------------------- identifiers

/** A UPN/mail local part: alphanumeric segments joined by . _ - + or ' ("o'brien.zoe+hr"). */
const localPart = (maxSegments: number) =>
  fc
    .tuple(chars(alnum, 1, 8), fc.array(fc.tuple(fc.constantFrom('.', '_', '-', '+', "'"), chars(alnum, 1, 8)), { maxLength: maxSegments - 1 }))
    .map(([first, rest]) => first + rest.map(([sep, s]) => sep + s).join(''));

/** The part of a userName the property chooses; the harness puts its run prefix in front. */
export const upn = fc.tuple(localPart(3), fc.constantFrom(...DOMAINS)).map(([local, domain]) => `${local}@${domain}`);

const mail = fc.tuple(localPart(3), fc.constantFrom(...DOMAINS)).map(([local, domain]) => `${local}@${domain}`);

/** mailNickname (Entra's externalId source): letters, digits, . _ - . */
const mailNickname = fc
  .tuple(chars(alnum, 1, 10), fc.array(fc.tuple(fc.constantFrom('.', '_', '-'), chars(alnum, 1, 6)), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([sep, s]) => sep + s).join(''));

const phone = fc
  .tuple(
    fc.constantFrom('+1 ', '+44 ', '+49 ', '+81-', '(425) ', ''),
    fc.array(chars(digit, 2, 4), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(' ', '-', '.'),
    fc.option(chars(digit, 1, 4).map((d) => ` x${d}`), { freq: 5, nil: '' }),
  )
  .map(([prefix, groups, sep, ext]) => prefix + groups.join(sep) + ext);

const postalCode = fc.oneof(chars(digit, 4, 5), fc.tuple(chars(upper, 1, 2), digit, upper, digit, upper).map(([a, b, c, d, e]) => `${a}${b}${c} ${d}${e}`), fc.tuple(chars(digit, 3, 3), chars(digit, 4, 4)).map(([a, b]) => `${a}-${b}`));

const employeeNumber = fc.tuple(fc.constantFrom('', 'E', 'EMP', 'X'), fc.constantFrom('', '-'), chars(digit, 1, 8)).map(([p, s, d]) => (p === '' ? d : p + s + d));

/** Values per mapped attribute path. */
const VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  externalId: mailNickname,
  'addresses[type eq "work"].country': fc.constantFrom('US', 'GB', 'DE', 'FR', 'JP', 'NO', 'BR', 'PL', 'IN', 'CA'),
  'addresses[type eq "work"].formatted': phrase(['Building 4', 'Bldg 25/3012', 'Tour Eiffel', '2ème étage', 'Campus Nord', 'Room #12'], 2),
  'addresses[type eq "work"].locality': fc.oneof(fc.constantFrom(...PLACES), nameWords(2)),
  'addresses[type eq "work"].postalCode': postalCode,
  'addresses[type eq "work"].region': fc.oneof(fc.constantFrom(...REGIONS), nameWords(2)),
  'addresses[type eq "work"].streetAddress': fc.tuple(chars(digit, 1, 4), phrase(STREET_WORDS, 3)).map(([n, s]) => `${n} ${s}`),
  displayName,
  'emails[type eq "work"].value': mail,
  'name.familyName': nameWords(2),
  'name.givenName': nameWords(2),
  'phoneNumbers[type eq "work"].value': phone,
  'phoneNumbers[type eq "mobile"].value': phone,
  'phoneNumbers[type eq "fax"].value': phone,
  preferredLanguage: fc.constantFrom('en-US', 'en-GB', 'fr-FR', 'de-DE', 'ja-JP', 'pt-BR', 'nb-NO'),
  title: phrase(TITLE_WORDS, 3),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': phrase(DEPARTMENT_WORDS, 2),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': employeeNumber,
};

export function valueFor(spec: AttrSpec): fc.Arbitrary<string> {
  const arb = VALUES[spec.path];
  if (!arb) throw new Error(`no value arbitrary for ${spec.path}`);
  return arb;
}

// ---------------------------------------------------------------- users

/** An Entra user before provisioning: the userName part the property chooses and its mapped attributes. */
export interface EntraUser {
  userName: string;
  attrs: Attrs;
}

/** Each attribute is present `present` times in `present + absent`; absent ones shrink away first. */
function attrsArb(specs: readonly AttrSpec[], present: number, absent: number): fc.Arbitrary<Attrs> {
  return fc.tuple(...specs.map((s) => optional(valueFor(s), present, absent))).map((values) => {
    const out: Record<string, string> = {};
    specs.forEach((s, i) => {
      if (values[i] !== undefined) out[s.path] = values[i]!;
    });
    return withDerived(out);
  });
}

/** A user as Entra provisions it with the default mapping; most attributes set, any may be missing. */
export const entraUser: fc.Arbitrary<EntraUser> = fc.record({ userName: upn, attrs: attrsArb(CHANGEABLE, 2, 1) });

/** A user with few attributes (lookups need only the userName). */
export const sparseUser: fc.Arbitrary<EntraUser> = fc.record({ userName: upn, attrs: attrsArb(CHANGEABLE, 1, 4) });

// ---------------------------------------------------------------- changes

export interface Change {
  path: string;
  value: string;
}

/**
 * A change Entra sends for an in-scope user whose source attributes changed (§3.4): new values for
 * some mapped attributes, at least one. name.formatted follows the name parts (see applyChanges).
 */
export function changesArb(weight: (s: AttrSpec) => readonly [present: number, absent: number] = () => [1, 2], specs: readonly AttrSpec[] = CHANGEABLE): fc.Arbitrary<Change[]> {
  return fc
    .tuple(...specs.map((s) => optional(valueFor(s), ...weight(s))))
    .map((values) => specs.flatMap((s, i) => (values[i] === undefined ? [] : [{ path: s.path, value: values[i]! }])))
    .filter((changes) => changes.length > 0);
}

/** One single-valued attribute, its value before the edits (usually set: Add on a set attribute is what matters) and two new values. */
export interface SingleValuedEdit {
  path: string;
  before: string | undefined;
  first: string;
  second: string;
}

export const singleValuedEdit: fc.Arbitrary<SingleValuedEdit> = fc.oneof(
  ...SINGLE_VALUED.map((s) => fc.record({ path: fc.constant(s.path), before: fc.option(valueFor(s), { freq: 5, nil: undefined }), first: valueFor(s), second: valueFor(s) })),
);

/** Changes with the values that are unique in a tenant scoped to the user's prefix (see scoped). */
export function scopedChanges(prefix: string, changes: readonly Change[]): Change[] {
  return changes.map((c) => ({ path: c.path, value: scopedValue(prefix, c.path, c.value) }));
}

/** The attrs after Entra applied changes to its side, with name.formatted recomputed. */
export function applyChanges(attrs: Attrs, changes: readonly Change[]): Attrs {
  const out: Record<string, string> = { ...attrs };
  for (const c of changes) out[c.path] = c.value;
  return withDerived(out);
}

/** The changes Entra sends: the requested ones plus name.formatted when the join changed. */
export function withDerivedChange(attrs: Attrs, changes: readonly Change[]): Change[] {
  const after = applyChanges(attrs, changes);
  const formatted = after['name.formatted'];
  const out = changes.filter((c) => c.path !== 'name.formatted');
  if (formatted !== undefined && formatted !== attrs['name.formatted']) out.push({ path: 'name.formatted', value: formatted });
  return out;
}

// ---------------------------------------------------------------- groups

const SPECIAL_GROUP_WORDS = ['"', '\\', '"Quoted"', 'C:\\Share', "O'Neil", 'R&D', '#1', '(EMEA)', 'a/b', '50%', 'x+y', 'Q: "why"', 'tab\\t'];

/** A group display name: words with accents, quotes, backslashes, apostrophes and punctuation. */
export const groupName = fc
  .array(fc.oneof({ withCrossShrink: true }, { arbitrary: nameWord, weight: 2 }, { arbitrary: fc.constantFrom(...SPECIAL_GROUP_WORDS), weight: 3 }), { minLength: 1, maxLength: 4 })
  .map((ws) => ws.join(' '));

export interface EntraGroup {
  displayName: string;
  /** Entra sends the group's objectId as externalId (§2.2). */
  externalId: string;
}

// Object ids are unique in a tenant (and endpoints may enforce it): not shrunk, so they stay distinct.
export const entraGroup: fc.Arbitrary<EntraGroup> = fc.record({ displayName: groupName, externalId: fc.noShrink(fc.uuid({ version: 4 })) });

// ---------------------------------------------------------------- what other SCIM clients send

// Entra's requests are one shape among many: HR systems, identity governance tools and other IdPs
// create users inactive (pre-hires), send "" for a field they hold empty, list several e-mails or
// phone numbers of one type, and carry letters outside ASCII in every string, the identifiers too.

/** A letter of an identifier other clients write: ASCII mostly, non-ASCII often enough to matter. */
const idLetter = fc.oneof({ withCrossShrink: true }, { arbitrary: lower, weight: 4 }, { arbitrary: digit, weight: 1 }, { arbitrary: nonAscii, weight: 2 });

/** An internationalised local part (RFC 6531): "jörg.müller", "李.王". */
const intlLocalPart = fc
  .tuple(chars(idLetter, 1, 8), fc.array(fc.tuple(fc.constantFrom('.', '_', '-'), chars(idLetter, 1, 8)), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([sep, s]) => sep + s).join(''));

const intlMail = fc.tuple(intlLocalPart, fc.constantFrom(...DOMAINS)).map(([local, domain]) => `${local}@${domain}`);

/** An HR system's employee key: "Müller-0042", "E-1234", "ØST_77". */
const hrKey = fc.tuple(chars(idLetter, 1, 8), fc.constantFrom('-', '_', ''), chars(digit, 1, 6)).map(([a, sep, d]) => a + sep + d);

/** A value, or the empty string another client sends for a field it holds empty; "" shrinks to the value. */
const orEmpty = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ withCrossShrink: true }, { arbitrary: arb, weight: 3 }, { arbitrary: fc.constant(''), weight: 2 });

/** Single-valued string attributes of a User by SCIM path, each with the values other clients send ("" where the RFC allows it). */
export const CLIENT_SINGLE_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  externalId: hrKey,
  displayName: orEmpty(displayName),
  nickName: orEmpty(nameWords(1)),
  title: orEmpty(phrase(TITLE_WORDS, 3)),
  'name.givenName': orEmpty(nameWords(2)),
  'name.familyName': orEmpty(nameWords(2)),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': orEmpty(phrase(DEPARTMENT_WORDS, 2)),
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': orEmpty(fc.oneof(employeeNumber, hrKey)),
};

/** Sub-attributes of one work address, "" allowed in each. */
const CLIENT_ADDRESS_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  streetAddress: orEmpty(fc.tuple(chars(digit, 1, 4), phrase(STREET_WORDS, 3)).map(([n, s]) => `${n} ${s}`)),
  locality: orEmpty(fc.oneof(fc.constantFrom(...PLACES), nameWords(2))),
  region: orEmpty(fc.oneof(fc.constantFrom(...REGIONS), nameWords(2))),
  postalCode: orEmpty(postalCode),
};

export interface TypedValue {
  type: string;
  value: string;
  primary?: true;
}

/**
 * One to three values of a multi-valued attribute drawn from two types, so that several of one type
 * (two "work" e-mails, two "mobile" numbers) come often; values distinct case-insensitively (a server
 * may treat "A@x" and "a@x" as one e-mail), the first one primary now and then.
 */
function typedValues(types: readonly [string, string], value: fc.Arbitrary<string>): fc.Arbitrary<TypedValue[]> {
  return fc
    .tuple(fc.uniqueArray(fc.tuple(fc.constantFrom(...types), value), { minLength: 1, maxLength: 3, selector: ([, v]) => v.toLowerCase() }), fc.boolean())
    .map(([items, primary]) => items.map(([type, v], i) => ({ type, value: v, ...(primary && i === 0 ? { primary: true as const } : {}) })));
}

/** A user as a SCIM client other than Entra creates it. */
export interface ClientUser {
  /** The userName part after the case prefix: an e-mail address, its local part possibly outside ASCII. */
  userName: string;
  active: boolean;
  /** Single-valued string attributes by SCIM path (see CLIENT_SINGLE_VALUES); absent ones are not sent. */
  values: Readonly<Record<string, string>>;
  emails: TypedValue[];
  phoneNumbers: TypedValue[];
  /** Sub-attributes of one work address; absent: no address. */
  address?: Readonly<Record<string, string>>;
}

function someOf(arbs: Readonly<Record<string, fc.Arbitrary<string>>>, present: number, absent: number): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(arbs);
  return fc.tuple(...keys.map((k) => optional(arbs[k]!, present, absent))).map((values) => Object.fromEntries(keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]!]]))));
}

export function clientUserArb(active: fc.Arbitrary<boolean>): fc.Arbitrary<ClientUser> {
  return fc
    .record({
      userName: fc.oneof({ withCrossShrink: true }, { arbitrary: upn, weight: 1 }, { arbitrary: intlMail, weight: 2 }),
      active,
      values: someOf(CLIENT_SINGLE_VALUES, 3, 1),
      emails: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant<TypedValue[]>([]), weight: 1 }, { arbitrary: typedValues(['work', 'home'], intlMail), weight: 4 }),
      phoneNumbers: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant<TypedValue[]>([]), weight: 1 }, { arbitrary: typedValues(['mobile', 'work'], phone), weight: 3 }),
      address: optional(someOf(CLIENT_ADDRESS_VALUES, 3, 1), 1, 1),
    })
    .map((u) => {
      const { address, ...rest } = u;
      return address === undefined || Object.keys(address).length === 0 ? rest : { ...rest, address };
    });
}

/** Users as other clients create them: active or not, with empty strings, several values of one type, non-ASCII everywhere. */
export const clientUser: fc.Arbitrary<ClientUser> = clientUserArb(fc.boolean());

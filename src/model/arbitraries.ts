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

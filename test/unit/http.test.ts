import { filterString, formEncode, formQuery } from '../../src/http/encode';
import { Redactor, TOKEN_PLACEHOLDER } from '../../src/http/redact';
import { shellQuote, toCurl } from '../../src/http/curl';
import type { Exchange } from '../../src/http/exchange';

describe('form encoding (entra-requests.md §1.2)', () => {
  test('matches the captured Test Connection query byte for byte', () => {
    const q = formQuery([['filter', `userName eq ${filterString('7d420df3-9995-4831-a406-ecf8166f5f6a')}`]]);
    expect(q).toBe('filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22');
  });
  test('encodes @ as %40, + as %2B and keeps excludedAttributes before filter', () => {
    expect(formQuery([['excludedAttributes', 'members'], ['filter', 'displayName eq "a+b@c"']])).toBe(
      'excludedAttributes=members&filter=displayName+eq+%22a%2Bb%40c%22',
    );
  });
  test("encodes the characters encodeURIComponent leaves alone: ! ' ( ) *", () => {
    expect(formEncode("o'brien (x)*!")).toBe('o%27brien+%28x%29%2A%21');
  });
  test('filter literals escape quotes and backslashes as JSON does', () => {
    expect(filterString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('redaction', () => {
  const token = 'S3cr3t-T0ken/with+chars';
  test('replaces every occurrence of the token, longest secret first', () => {
    const r = new Redactor([token, 'S3cr3t']);
    expect(r.text(`Bearer ${token} and again ${token}`)).toBe(`Bearer ${TOKEN_PLACEHOLDER} and again ${TOKEN_PLACEHOLDER}`);
  });
  test('ignores empty and very short secrets instead of mangling text', () => {
    const r = new Redactor(['', 'ab', undefined]);
    expect(r.text('about abc')).toBe('about abc');
  });
  test('redacts header values', () => {
    expect(new Redactor([token]).headers({ Authorization: `Bearer ${token}` })).toEqual({ Authorization: `Bearer ${TOKEN_PLACEHOLDER}` });
  });
});

describe('curl rendering', () => {
  const exchange: Exchange = {
    seq: 1,
    label: 't',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: {
      method: 'PATCH',
      url: 'https://t.example/scim/Users/1',
      headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}`, 'Content-Type': 'application/scim+json; charset=utf-8' },
      body: `{"value":"O'Brien"}`,
    },
  };
  test('writes the token as "$SCIM_TOKEN" so the shell expands it, and nothing else', () => {
    const line = toCurl(exchange);
    expect(line).toContain(`-H "Authorization: Bearer $SCIM_TOKEN"`);
    expect(line).toContain(`-X PATCH 'https://t.example/scim/Users/1'`);
  });
  test('quotes bodies with single quotes safely', () => {
    expect(toCurl(exchange)).toContain(`--data-raw '{"value":"O'\\''Brien"}'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });
  test('escapes shell metacharacters around the token', () => {
    const ex = { ...exchange, request: { ...exchange.request, headers: { 'X-Odd': `"$HOME" \`id\` ${TOKEN_PLACEHOLDER}` } } };
    expect(toCurl(ex)).toContain(`-H 'X-Odd: "$HOME" \`id\` '"$SCIM_TOKEN"`);
  });
});

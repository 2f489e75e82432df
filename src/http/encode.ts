// Query strings the way the clients write them: application/x-www-form-urlencoded, so '"' is '%22' and
// '@' is '%40', and a space is '+' as Entra sends it (captures in entra-requests.md §1.2) or '%20' as
// Okta's current documentation prints it (okta-requests.md §1.2).

/** How a space is written in a query: '+' (Entra; Okta's 2019 page) or '%20' (Okta's current docs). */
export type QuerySpace = '+' | '%20';

/** Form-encodes one query component (name or value). */
export function formEncode(value: string, space: QuerySpace = '+'): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return space === '+' ? encoded.replace(/%20/g, '+') : encoded;
}

/** Builds `a=1&b=2` from ordered pairs; order matters (Entra puts excludedAttributes before filter). */
export function formQuery(pairs: ReadonlyArray<readonly [string, string]>, space: QuerySpace = '+'): string {
  return pairs.map(([k, v]) => `${formEncode(k, space)}=${formEncode(v, space)}`).join('&');
}

/** Quotes a filter value as a SCIM string literal: JSON string escaping (RFC 7644 §3.4.2.2). */
export function filterString(value: string): string {
  return JSON.stringify(value);
}

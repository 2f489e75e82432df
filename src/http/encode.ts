// Query strings the way Entra's provisioning service writes them: application/x-www-form-urlencoded,
// so a space is '+', '"' is '%22' and '@' is '%40' (captures in entra-requests.md §1.2).

/** Form-encodes one query component (name or value). */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** Builds `a=1&b=2` from ordered pairs; order matters (Entra puts excludedAttributes before filter). */
export function formQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
}

/** Quotes a filter value as a SCIM string literal: JSON string escaping (RFC 7644 §3.4.2.2). */
export function filterString(value: string): string {
  return JSON.stringify(value);
}

// Renders recorded exchanges as curl commands a vendor can paste into a shell. The token is always
// written as "$SCIM_TOKEN" in double quotes so the shell expands it from the environment.
import type { Exchange } from './exchange';
import { TOKEN_PLACEHOLDER } from './redact';

/** Single-quotes a string for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Double-quotes a string so that only the token placeholder expands. */
function doubleQuoteKeepingToken(value: string): string {
  const escaped = value.replace(/[\\"$`]/g, (c) => `\\${c}`);
  return `"${escaped.split(`\\${TOKEN_PLACEHOLDER}`).join(TOKEN_PLACEHOLDER)}"`;
}

const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection']);

export function toCurl(ex: Exchange): string {
  const parts = ['curl', '-sS', '-i', '-X', ex.request.method, shellQuote(ex.request.url)];
  for (const [name, value] of Object.entries(ex.request.headers)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    const line = `${name}: ${value}`;
    parts.push('-H', line.includes(TOKEN_PLACEHOLDER) ? doubleQuoteKeepingToken(line) : shellQuote(line));
  }
  if (ex.request.body !== undefined) parts.push('--data-raw', shellQuote(ex.request.body));
  return parts.join(' ');
}

export function toCurlChain(exchanges: readonly Exchange[]): string {
  return exchanges.map(toCurl).join('\n');
}

// Renders recorded exchanges as curl commands a vendor can paste into a shell. The token is always
// written as "$SCIM_TOKEN" so the shell expands it from the environment. A chain can also be made
// runnable after the run: ids the endpoint returned are captured into shell variables and used by
// the later commands, and what the chain creates is deleted at its end.
import type { Exchange } from './exchange';
import { TOKEN_PLACEHOLDER } from './redact';

/** Single-quotes a string for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One piece of a shell word: literal text, or a variable's value (percent-encoded for a URL path). */
type Part = { literal: string } | { variable: string; uri?: boolean };

/** A value of the run (an id the endpoint returned) that the chain reads from a shell variable. */
interface Capture {
  value: string;
  variable: string;
}

const TOKEN_VARIABLE = 'SCIM_TOKEN';

function literal(text: string): Part[] {
  return text === '' ? [] : [{ literal: text }];
}

/** The token placeholder becomes "$SCIM_TOKEN", so the shell expands the secret from the environment. */
function tokenParts(text: string): Part[] {
  const pieces = text.split(TOKEN_PLACEHOLDER);
  return pieces.flatMap((piece, i) => [...(i > 0 ? [{ variable: TOKEN_VARIABLE }] : []), ...literal(piece)]);
}

function captureOf(value: string, captures: readonly Capture[]): Capture | undefined {
  for (let i = captures.length - 1; i >= 0; i--) if (captures[i]!.value === value) return captures[i];
  return undefined;
}

const RESOURCE_SEGMENT = /^(Users|Groups)$/;
const UNRESERVED = /^[A-Za-z0-9._~-]+$/;

/**
 * A URL with ids as variables only where an id is a whole path segment right after Users or Groups:
 * the scheme, host, port, base path and query stay literal, so no id the endpoint returns (one equal
 * to the port, say) can send a later request, and the token with it, anywhere else.
 */
function urlParts(url: string, captures: readonly Capture[]): Part[] {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  const rest = url.slice(origin.length);
  const cut = rest.search(/[?#]/);
  const path = cut < 0 ? rest : rest.slice(0, cut);
  const tail = cut < 0 ? '' : rest.slice(cut);
  const parts: Part[] = [...literal(origin)];
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    if (i > 0) parts.push({ literal: '/' });
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = undefined;
    }
    const capture = i > 0 && RESOURCE_SEGMENT.test(segments[i - 1]!) && decoded !== undefined && decoded !== '' ? captureOf(decoded, captures) : undefined;
    if (capture) parts.push({ variable: capture.variable, ...(UNRESERVED.test(capture.value) ? {} : { uri: true }) });
    else parts.push(...literal(segment));
  });
  return merge([...parts, ...literal(tail)]);
}

/** A JSON body with ids as variables only where an id is a whole JSON string value (not a key, not inside text). */
function bodyParts(body: string, captures: readonly Capture[]): Part[] {
  const parts: Part[] = [];
  let at = 0;
  const token = /"(?:[^"\\]|\\.)*"/g;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const isKey = /^\s*:/.test(body.slice(m.index + m[0].length));
    let value: unknown;
    try {
      value = JSON.parse(m[0]);
    } catch {
      continue;
    }
    const capture = !isKey && typeof value === 'string' && value !== '' ? captureOf(value, captures) : undefined;
    if (!capture) continue;
    parts.push(...tokenParts(body.slice(at, m.index + 1)), { variable: capture.variable });
    at = m.index + m[0].length - 1;
  }
  return merge([...parts, ...tokenParts(body.slice(at))]);
}

function merge(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if ('literal' in p && last && 'literal' in last) out[out.length - 1] = { literal: last.literal + p.literal };
    else out.push(p);
  }
  return out;
}

function expansion(p: Exclude<Part, { literal: string }>, braced: boolean): string {
  if (p.uri) return `$(scimc_uri "$${p.variable}")`;
  return braced ? `\${${p.variable}}` : `$${p.variable}`;
}

/**
 * One shell word: in double quotes when its literal text is safe there ("Bearer $SCIM_TOKEN"), else
 * single-quoted literals joined with double-quoted expansions. Values never reach the shell as code.
 */
function shellWord(parts: readonly Part[]): string {
  if (parts.every((p) => 'literal' in p)) return shellQuote(parts.map((p) => ('literal' in p ? p.literal : '')).join(''));
  if (parts.every((p) => !('literal' in p) || !/["\\$`!]/.test(p.literal))) {
    return `"${parts
      .map((p, i) => {
        if ('literal' in p) return p.literal;
        const next = parts[i + 1];
        return expansion(p, next !== undefined && 'literal' in next && /^\w/.test(next.literal));
      })
      .join('')}"`;
  }
  return parts.map((p) => ('literal' in p ? shellQuote(p.literal) : `"${expansion(p, false)}"`)).join('');
}

const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection']);

function authWords(ex: Exchange): string[] {
  return Object.entries(ex.request.headers)
    .filter(([h]) => h.toLowerCase() === 'authorization')
    .flatMap(([h, v]) => ['-H', shellWord(tokenParts(`${h}: ${v}`))]);
}

function curlWords(ex: Exchange, captures: readonly Capture[], withHeaders: boolean): string[] {
  const words = ['curl', '-sS', ...(withHeaders ? ['-i'] : []), '-X', ex.request.method, shellWord(urlParts(ex.request.url, captures))];
  for (const [name, value] of Object.entries(ex.request.headers)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    words.push('-H', shellWord(tokenParts(`${name}: ${value}`)));
  }
  if (ex.request.body !== undefined) words.push('--data-raw', shellWord(bodyParts(ex.request.body, captures)));
  return words;
}

export function toCurl(ex: Exchange): string {
  return curlWords(ex, [], true).join(' ');
}

export function toCurlChain(exchanges: readonly Exchange[]): string {
  return exchanges.map(toCurl).join('\n');
}

export interface ChainStep {
  exchange: Exchange;
  /** Shell variable -> the value this step's response gave it in the run (its "id"). */
  captures?: Record<string, string>;
  /** The captured resource is deleted by the chain's clean-up lines unless a later step deletes it. */
  creates?: boolean;
}

function shellName(variable: string): string {
  const name = variable.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** A variable name no earlier line of the chain assigned (two cases may both call theirs "user1"). */
function uniqueName(variable: string, used: Set<string>): string {
  const base = shellName(variable);
  let name = base;
  for (let n = 2; used.has(name) || name === TOKEN_VARIABLE; n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}

// The first "id" of a compact or pretty JSON body; good enough for a SCIM resource's own id.
const EXTRACT_ID = `grep -o '"id" *: *"[^"]*"' | head -n 1 | sed 's/.*"\\([^"]*\\)"$/\\1/'`;
// Percent-encodes a value for a URL path in bash alone (byte-wise, so UTF-8 stays right).
const URI_FUNCTION = `scimc_uri() { local LC_ALL=C s="$1" o="" c i; for ((i = 0; i < \${#s}; i++)); do c="\${s:i:1}"; case "$c" in [A-Za-z0-9._~-]) o+="$c" ;; *) printf -v c '%%%02X' "'$c"; o+="$c" ;; esac; done; printf '%s' "$o"; }`;

/** A chain that can be run after the run: every captured id becomes its own quoted shell variable. */
export function toRunnableCurlChain(steps: readonly ChainStep[]): string {
  const captures: Capture[] = [];
  const used = new Set<string>();
  const lines: string[] = [];
  const created: Array<{ url: string; capture: Capture; auth: string[] }> = [];
  for (const step of steps) {
    const own = Object.entries(step.captures ?? {}).filter(([, value]) => value !== '');
    if (own.length === 0) {
      lines.push(curlWords(step.exchange, captures, true).join(' '));
      continue;
    }
    // One variable per capturing step: the resource's id.
    const [variable, value] = own[0]!;
    const capture = { value, variable: uniqueName(variable, used) };
    lines.push(`${capture.variable}=$(${curlWords(step.exchange, captures, false).join(' ')} | ${EXTRACT_ID})`);
    captures.push(capture);
    if (step.creates) created.push({ url: `${step.exchange.request.url.replace(/[?#].*$/, '').replace(/\/+$/, '')}/${encodeURIComponent(value)}`, capture, auth: authWords(step.exchange) });
  }
  const usesVariable = (url: string, c: Capture) => urlParts(url, captures).some((p) => 'variable' in p && p.variable === c.variable);
  const deletedLater = (c: Capture) => steps.some((s) => s.exchange.request.method === 'DELETE' && usesVariable(s.exchange.request.url, c));
  const cleanup = created.filter((c) => !deletedLater(c.capture)).reverse();
  if (cleanup.length > 0) {
    lines.push('# clean up what the lines above created');
    for (const c of cleanup) lines.push(['curl', '-sS', '-X', 'DELETE', shellWord(urlParts(c.url, [c.capture])), ...c.auth].join(' '));
  }
  if (lines.some((l) => l.includes('$(scimc_uri '))) lines.unshift(URI_FUNCTION);
  return lines.join('\n');
}

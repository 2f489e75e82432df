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

/** A value of the run that the shell should take from a variable instead. */
type Substitution = readonly [value: string, variable: string];

const TOKEN: Substitution = [TOKEN_PLACEHOLDER, 'SCIM_TOKEN'];

/** Splits text into literal runs and substituted variables, earliest (then longest) match first. */
function segments(text: string, substitutions: readonly Substitution[]): Array<{ literal: string } | { variable: string }> {
  const out: Array<{ literal: string } | { variable: string }> = [];
  let rest = text;
  while (rest !== '') {
    let best: { at: number; sub: Substitution } | undefined;
    for (const sub of substitutions) {
      const at = rest.indexOf(sub[0]);
      if (at >= 0 && (!best || at < best.at || (at === best.at && sub[0].length > best.sub[0].length))) best = { at, sub };
    }
    if (!best) {
      out.push({ literal: rest });
      break;
    }
    if (best.at > 0) out.push({ literal: rest.slice(0, best.at) });
    out.push({ variable: best.sub[1] });
    rest = rest.slice(best.at + best.sub[0].length);
  }
  return out;
}

/**
 * One shell word with substituted values read from variables: "Bearer $SCIM_TOKEN" in double quotes
 * when the literal text is safe there, else single-quoted literals joined with "$variable" parts.
 */
function shellWord(text: string, substitutions: readonly Substitution[]): string {
  const parts = segments(text, substitutions);
  if (!parts.some((p) => 'variable' in p)) return shellQuote(text);
  if (parts.every((p) => 'variable' in p || !/["\\$`!]/.test(p.literal))) {
    return `"${parts
      .map((p, i) => {
        if ('literal' in p) return p.literal;
        const next = parts[i + 1];
        return next && 'literal' in next && /^\w/.test(next.literal) ? `\${${p.variable}}` : `$${p.variable}`;
      })
      .join('')}"`;
  }
  return parts.map((p) => ('literal' in p ? shellQuote(p.literal) : `"$${p.variable}"`)).join('');
}

const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection']);

function curlWords(ex: Exchange, substitutions: readonly Substitution[], withHeaders: boolean): string[] {
  const words = ['curl', '-sS', ...(withHeaders ? ['-i'] : []), '-X', ex.request.method, shellWord(ex.request.url, substitutions)];
  for (const [name, value] of Object.entries(ex.request.headers)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    words.push('-H', shellWord(`${name}: ${value}`, substitutions));
  }
  if (ex.request.body !== undefined) words.push('--data-raw', shellWord(ex.request.body, substitutions));
  return words;
}

export function toCurl(ex: Exchange): string {
  return curlWords(ex, [TOKEN], true).join(' ');
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

// The first "id" of a compact or pretty JSON body; good enough for a SCIM resource's own id.
const EXTRACT_ID = `grep -o '"id" *: *"[^"]*"' | head -n 1 | sed 's/.*"\\([^"]*\\)"$/\\1/'`;

/** A chain that can be run after the run: captured ids become shell variables. */
export function toRunnableCurlChain(steps: readonly ChainStep[]): string {
  const substitutions: Substitution[] = [TOKEN];
  const lines: string[] = [];
  const created: Array<{ url: string; variable: string; auth: string[] }> = [];
  for (const step of steps) {
    const captures = Object.entries(step.captures ?? {}).filter(([, value]) => value.length >= 4);
    if (captures.length === 0) {
      lines.push(curlWords(step.exchange, substitutions, true).join(' '));
      continue;
    }
    // One variable per capturing step: the resource's id.
    const [variable, value] = captures[0];
    const name = shellName(variable);
    lines.push(`${name}=$(${curlWords(step.exchange, substitutions, false).join(' ')} | ${EXTRACT_ID})`);
    substitutions.push([value, name]);
    if (step.creates) {
      const auth = Object.entries(step.exchange.request.headers).filter(([h]) => h.toLowerCase() === 'authorization').flatMap(([h, v]) => ['-H', shellWord(`${h}: ${v}`, [TOKEN])]);
      created.push({ url: `${step.exchange.request.url.replace(/\/+$/, '')}/${value}`, variable: name, auth });
    }
  }
  const deletedLater = (name: string) =>
    steps.some((s) => s.exchange.request.method === 'DELETE' && segments(s.exchange.request.url, substitutions).some((p) => 'variable' in p && p.variable === name));
  const cleanup = created.filter((c) => !deletedLater(c.variable)).reverse();
  if (cleanup.length > 0) {
    lines.push('# clean up what the lines above created');
    for (const c of cleanup) lines.push(['curl', '-sS', '-X', 'DELETE', shellWord(c.url, substitutions), ...c.auth].join(' '));
  }
  return lines.join('\n');
}

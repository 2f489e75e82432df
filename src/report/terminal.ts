// Everything written to a terminal or a CI log passes through here, since ids, names and bodies come
// from the endpoint: control characters and escape sequences are shown as visible escapes (a body
// cannot clear the screen or recolour the verdict), no line can start a CI workflow command
// (GitHub Actions `::error::`, Azure Pipelines `##vso[` / `##[`), and very long lines are cut.
// Reports on disk keep the data as it came (JSON, HTML and JUnit escape it themselves).

/** Longest line printed; the reports hold the rest. */
export const MAX_TERMINAL_LINE = 2000;

// C0 and C1 controls, DEL, and the Unicode bidi overrides and line separators that reorder or split
// what a reader sees. Newline and tab are kept by terminalText; terminalValue escapes them too.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CI_COMMAND = /^(\s*)(::|##\[|##vso\[)/i;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function safeLine(line: string): string {
  const escaped = line.replace(/\r/g, '\\r').replace(CONTROL, visible).replace(CI_COMMAND, '$1[endpoint text] $2');
  return escaped.length > MAX_TERMINAL_LINE ? `${escaped.slice(0, MAX_TERMINAL_LINE)}… (line cut at ${MAX_TERMINAL_LINE} characters)` : escaped;
}

/** Multi-line text for the terminal: its own lines stay lines, each neutralised. */
export function terminalText(text: string): string {
  return text.split('\n').map(safeLine).join('\n');
}

/** One value that must stay on one line (an id, a name): newlines and tabs are escaped as well. */
export function terminalValue(value: string, max = 200): string {
  const one = safeLine(value.replace(/\n/g, '\\n').replace(/\t/g, '\\t'));
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

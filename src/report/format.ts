// The one formatter for failures; console, jest, JUnit, Allure and summary.json all use it.
import type { CheckDefinition } from '../checks/types';
import type { ApplicationStatus, CheckApplication } from './outcome';

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : pad + line))
    .join('\n');
}

/** One mark per status, the same in every report: console, jest, JUnit, Allure, summary.json. */
export const MARKS: Record<ApplicationStatus, string> = { passed: '✓', failed: '✗', blocked: '⊘', error: '!', skipped: '–', 'not-applicable': '–' };

export function formatApplication(check: CheckDefinition, app: CheckApplication): string {
  const mark = MARKS[app.status];
  const lines = [
    `${mark} ${check.id}: ${check.title} [${app.profile}]`,
    `  ${check.requirement.ref}, ${check.level}`,
    `  Step: ${app.sequence} › ${app.step}${app.request ? `: ${app.request}` : ''}`,
  ];
  if (app.reason) lines.push(`  ${indent(app.reason, '  ')}`);
  if (app.blockedBy) lines.push(`  Blocked by: ${app.blockedBy.sequence} › ${app.blockedBy.step}${app.blockedBy.request ? `: ${app.blockedBy.request}` : ''}`);
  if (app.expected !== undefined) lines.push(`  Expected: ${indent(app.expected, '            ')}`);
  if (app.received !== undefined) lines.push(`  Received: ${indent(app.received, '            ')}`);
  const said = endpointDetail(app);
  if (said !== undefined) lines.push(`  Endpoint said: ${said}`);
  if (app.curl) lines.push('  Reproduce with:', ...app.curl.split('\n').map((l) => `    ${l}`));
  if (app.replay) lines.push(`  Replay with: scim-conformance ${app.replay}`);
  return lines.join('\n');
}

/** Longest endpoint message shown in a row or a cause; the reports keep the whole response. */
export const MAX_DETAIL = 300;

function said(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  const error = o['error'];
  const nested = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['message'] : undefined;
  // A SCIM error's detail (RFC 7644 §3.12) first; then the fields other error formats use.
  for (const v of [o['detail'], o['message'], o['error_description'], nested, error]) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}

/**
 * What the endpoint said when it refused a request: its SCIM error "detail", or the message of
 * another error format, or a short plain-text body. Read from the failing response (whole, or as
 * the check's "Received" snippet); undefined for a 2xx or 3xx answer or one that says nothing readable.
 */
export function endpointDetail(app: Pick<CheckApplication, 'response' | 'received'>): string | undefined {
  const rendered = app.response !== undefined && /^HTTP \d{3}\n/.test(app.response) ? { status: Number(app.response.slice(5, 8)), body: app.response.split('\n\n').slice(1).join('\n\n') } : undefined;
  const m = rendered ? undefined : /^HTTP (\d{3}) ([\s\S]*)$/.exec(app.received ?? '');
  const answer = rendered ?? (m ? { status: Number(m[1]), body: m[2]! } : undefined);
  if (!answer || answer.status < 400) return undefined;
  const body = answer.body.trim();
  let text: string | undefined;
  try {
    text = said(JSON.parse(body));
  } catch {
    // A snippet cut short: the detail may still be whole in it.
    const cut = /"detail"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body);
    if (cut) {
      try {
        text = JSON.parse(`"${cut[1]}"`) as string;
      } catch {
        text = cut[1];
      }
    } else if (body !== '' && body !== '(empty body)' && !/^[<{[]/.test(body)) text = body.split('\n')[0];
  }
  if (text === undefined) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

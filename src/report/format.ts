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
  if (app.curl) lines.push('  Reproduce with:', ...app.curl.split('\n').map((l) => `    ${l}`));
  if (app.replay) lines.push(`  Replay with: scim-conformance ${app.replay}`);
  return lines.join('\n');
}

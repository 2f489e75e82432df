// The one formatter for failures; console, jest, JUnit, Allure and summary.json all use it.
import type { CheckDefinition } from '../checks/types';
import type { CheckApplication } from './outcome';

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : pad + line))
    .join('\n');
}

export function formatApplication(check: CheckDefinition, app: CheckApplication): string {
  const mark = app.status === 'failed' ? '✗' : app.status === 'passed' ? '✓' : '–';
  const lines = [
    `${mark} ${check.id}: ${check.title} [${app.profile}]`,
    `  ${check.requirement.ref}, ${check.level}`,
    `  Step: ${app.sequence} › ${app.step}${app.request ? `: ${app.request}` : ''}`,
  ];
  if (app.reason) lines.push(`  ${indent(app.reason, '  ')}`);
  if (app.expected !== undefined) lines.push(`  Expected: ${indent(app.expected, '            ')}`);
  if (app.received !== undefined) lines.push(`  Received: ${indent(app.received, '            ')}`);
  if (app.curl) lines.push('  Reproduce with:', ...app.curl.split('\n').map((l) => `    ${l}`));
  if (app.replay) lines.push(`  Replay with: scim-conformance ${app.replay}`);
  return lines.join('\n');
}

// Writes every report of a run from its summary and check applications: summary.json, junit.xml,
// index.html and results.ndjson (the raw applications, which `merge` re-aggregates). Every file
// passes through the redactor once more, as a last guard for the token.
import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from '../http/redact';
import { toHtml } from './html';
import { toJUnit } from './junit';
import type { CheckApplication } from './outcome';
import type { Summary } from './summary';

export const REPORT_FILES = { summary: 'summary.json', junit: 'junit.xml', html: 'index.html', results: 'results.ndjson', allure: 'allure-results' } as const;

export function writeReports(dir: string, summary: Summary, apps: readonly CheckApplication[], redactor: Redactor): void {
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), redactor.text(text));
  write(REPORT_FILES.summary, JSON.stringify(summary, null, 2) + '\n');
  write(REPORT_FILES.junit, toJUnit(summary));
  write(REPORT_FILES.html, toHtml(summary, apps));
  write(REPORT_FILES.results, apps.map((a) => JSON.stringify(a)).join('\n') + (apps.length ? '\n' : ''));
}

export function readReports(dir: string): { summary: Summary; apps: CheckApplication[] } {
  const summaryFile = path.join(dir, REPORT_FILES.summary);
  const resultsFile = path.join(dir, REPORT_FILES.results);
  if (!fs.existsSync(summaryFile) || !fs.existsSync(resultsFile)) {
    throw new Error(`${dir} is not a scim-conformance report folder (needs ${REPORT_FILES.summary} and ${REPORT_FILES.results})`);
  }
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Summary;
  const apps = fs
    .readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CheckApplication);
  return { summary, apps };
}

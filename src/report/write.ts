// Writes every report of a run from its summary and check applications: summary.json, junit.xml,
// index.html, results.ndjson (the raw applications, which `merge` re-aggregates) and, for a run,
// allure-results/. Every file passes through the redactor once more, as a last guard for the token.
import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from '../http/redact';
import { writeAllureResults, type Attachment } from './allure';
import { toHtml } from './html';
import { toJUnit } from './junit';
import type { CheckApplication } from './outcome';
import type { Summary } from './summary';

export const REPORT_FILES = { summary: 'summary.json', junit: 'junit.xml', html: 'index.html', results: 'results.ndjson', allure: 'allure-results' } as const;

/**
 * Writes each report on its own, so that one writer's failure (a harness bug, a full disk) costs
 * only that file. Returns what could not be written; the caller reports it as an internal error.
 * summary.json goes last, so that it carries those errors too.
 */
export function writeReports(dir: string, summary: Summary, apps: readonly CheckApplication[], redactor: Redactor, allure?: { attachmentsOf: (test: string | undefined) => readonly Attachment[] }): string[] {
  const failures: string[] = [];
  const write = (name: string, render: () => string) => {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, name), redactor.text(render()));
    } catch (err) {
      failures.push(`could not write ${path.join(dir, name)}: ${(err as Error).message}`);
    }
  };
  write(REPORT_FILES.results, () => apps.map((a) => JSON.stringify(a)).join('\n') + (apps.length ? '\n' : ''));
  write(REPORT_FILES.junit, () => toJUnit(summary));
  write(REPORT_FILES.html, () => toHtml(summary, apps));
  // A merge has no attachments to write: it merges the shards' Allure results (mergeAllureResults).
  if (allure) failures.push(...writeAllureResults(path.join(dir, REPORT_FILES.allure), summary, apps, allure.attachmentsOf, redactor));
  const written = failures.length > 0 ? { ...summary, verdict: 'error' as const, internalErrors: [...summary.internalErrors, ...failures] } : summary;
  write(REPORT_FILES.summary, () => JSON.stringify(written, null, 2) + '\n');
  return failures;
}

/**
 * Makes sure the report folder exists and takes files, before the endpoint sees a request. Returns
 * what is wrong, in one line, or undefined.
 */
export function reportDirProblem(dir: string): string | undefined {
  try {
    makeDirs(path.resolve(dir));
  } catch (err) {
    return `cannot create the report folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (!fs.statSync(dir).isDirectory()) return `the report folder ${dir} is not a folder`;
  const probe = path.join(dir, `.scim-conformance-${process.pid}.tmp`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    return `cannot write in the report folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  return undefined;
}

/** mkdir -p one level at a time: Node's recursive mkdirSync spins forever on paths like /proc/x. */
function makeDirs(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeDirs(parent);
  fs.mkdirSync(dir);
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

// npm run fault-catalogue [-- --write]: the fault catalogue (docs/fault-catalogue.md), the counterpart of
// the allowed-behaviour catalogue. It joins every MUST/SHALL/REQUIRED sentence of RFC 7643 and RFC 7644
// (fixtures/catalogue/rfc-requirements.json) and every quarantine reason and log error code of Entra
// (fixtures/catalogue/entra-error-codes.json) with the check registry (each check's provenBy faults) and
// the fault switches, and prints the coverage: sentences a response can break that some fault breaks,
// and error codes some fault produces. Without --write it prints the document;
// test/unit/fault-catalogue.test.ts fails when docs/fault-catalogue.md is stale or the catalogue is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../src/checks/registry';
import type { CheckDefinition } from '../src/checks/types';
import { FAULTS } from '../src/server/faults';

const ROOT = path.resolve(__dirname, '..');
export const REQUIREMENTS_FILE = path.join(ROOT, 'fixtures', 'catalogue', 'rfc-requirements.json');
export const ERROR_CODES_FILE = path.join(ROOT, 'fixtures', 'catalogue', 'entra-error-codes.json');
export const DOC = path.join(ROOT, 'docs', 'fault-catalogue.md');

/** One normative sentence of RFC 7643/7644 and how the harness judges it. */
export interface Requirement {
  id: string;
  rfc: 7643 | 7644;
  section: string;
  keyword: string;
  sentence: string;
  /** The checks that judge the sentence. */
  checks?: string[];
  /** The faults (of those checks' provenBy) that break this sentence; default all of them. */
  faults?: string[];
  /** Check id -> why it tests this sentence although its requirement cites another section. */
  via?: Record<string, string>;
  /** No response can break it: why. Not counted. */
  outOfScope?: string;
  /** The id of the sentence it restates (RFC 7643 §8.7's schema representations). Not counted. */
  sameAs?: string;
  /** A response can break it, but no fault does yet: why. Counted, not covered. */
  uncovered?: string;
  /** The issue item that adds its checks. */
  pending?: string;
}

/** One quarantine reason or provisioning-log error code that Microsoft documents (the provisioning-log error table and the quarantine page). */
export interface ErrorCode {
  code: string;
  kind: 'quarantine' | 'log';
  source: string;
  /** What the endpoint does that makes Entra report the code. */
  endpoint?: string;
  checks?: string[];
  faults?: string[];
  /** Why no fault produces it (Entra-side, or not modelled yet). */
  notModelled?: string;
}

export interface Catalogue {
  requirements: Requirement[];
  codes: ErrorCode[];
}

export function loadCatalogue(): Catalogue {
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { requirements: read(REQUIREMENTS_FILE)['requirements'] as Requirement[], codes: read(ERROR_CODES_FILE)['codes'] as ErrorCode[] };
}

const checkById = new Map<string, CheckDefinition>(CHECKS.map((c) => [c.id, c]));

/** The faults of `checks` that count for an entry: the ones it names, else every provenBy fault of its checks. */
export function faultsOf(entry: { checks?: string[]; faults?: string[] }): string[] {
  if (entry.faults !== undefined) return entry.faults;
  return [...new Set((entry.checks ?? []).flatMap((id) => checkById.get(id)?.provenBy ?? []))];
}

export type Status = 'covered' | 'uncovered' | 'out of scope' | 'restated';

export function statusOf(r: Requirement): Status {
  if (r.sameAs !== undefined) return 'restated';
  if (r.outOfScope !== undefined) return 'out of scope';
  return r.uncovered === undefined && faultsOf(r).length > 0 ? 'covered' : 'uncovered';
}

/** The RFC sections a check's requirement cites, e.g. "RFC7644 §3.4.2" or "RFC 7643 §4.1, §4.3". */
export function citedSections(check: CheckDefinition): Array<{ rfc: number; section: string }> {
  const out: Array<{ rfc: number; section: string }> = [];
  for (const m of check.requirement.ref.matchAll(/RFC\s?(\d{4})((?:[\s,;]*(?:and\s+)?§[\d.]+)+)/g)) {
    for (const s of m[2]!.matchAll(/§([\d.]+)/g)) out.push({ rfc: Number(m[1]), section: s[1]!.replace(/\.$/, '') });
  }
  return out;
}

/** Whether a check's requirement cites the sentence's section or one that contains it. */
export function citesSection(check: CheckDefinition, rfc: number, section: string): boolean {
  return citedSections(check).some((c) => c.rfc === rfc && (section === c.section || section.startsWith(`${c.section}.`)));
}

/** What is wrong with the catalogue: unknown ids, unexplained section mismatches, a covered sentence without a fault. */
export function problems(cat: Catalogue): string[] {
  const out: string[] = [];
  const ids = new Map<string, Requirement>();
  for (const r of cat.requirements) {
    const where = `${r.id}`;
    if (ids.has(r.id)) out.push(`${where}: duplicate id`);
    ids.set(r.id, r);
    const kinds = [r.sameAs !== undefined, r.outOfScope !== undefined, r.uncovered !== undefined].filter(Boolean).length;
    if (kinds > 1) out.push(`${where}: only one of sameAs, outOfScope and uncovered may be given`);
    if ((r.sameAs !== undefined || r.outOfScope !== undefined) && (r.checks?.length ?? 0) > 0) out.push(`${where}: a sentence not counted lists checks`);
    if (kinds === 0 && (r.checks?.length ?? 0) === 0) out.push(`${where}: no checks and no reason (outOfScope, sameAs or uncovered)`);
    if (r.pending !== undefined && r.uncovered === undefined) out.push(`${where}: pending needs an uncovered reason until its checks exist`);
    for (const id of r.checks ?? []) {
      const check = checkById.get(id);
      if (!check) {
        out.push(`${where}: unknown check ${id}`);
        continue;
      }
      if (!citesSection(check, r.rfc, r.section) && !r.via?.[id]) out.push(`${where}: ${id} cites ${check.requirement.ref}, not RFC ${r.rfc} §${r.section}, and "via" does not say why it tests this sentence`);
    }
    for (const id of Object.keys(r.via ?? {})) if (!(r.checks ?? []).includes(id)) out.push(`${where}: via names ${id}, which is not among its checks`);
    const provenBy = new Set(faultsOf({ checks: r.checks }));
    for (const f of r.faults ?? []) {
      if (!(f in FAULTS)) out.push(`${where}: unknown fault ${f}`);
      else if (!provenBy.has(f)) out.push(`${where}: fault ${f} is in no provenBy of its checks, so nothing proves they fail on it`);
    }
    if (statusOf(r) === 'covered' && faultsOf(r).length === 0) out.push(`${where}: counted covered without a fault`);
    if (r.uncovered === undefined && r.sameAs === undefined && r.outOfScope === undefined && faultsOf(r).length === 0) out.push(`${where}: checks without a fault and no uncovered reason`);
  }
  for (const r of cat.requirements) {
    if (r.sameAs === undefined) continue;
    const target = ids.get(r.sameAs);
    if (!target) out.push(`${r.id}: sameAs names ${r.sameAs}, which is not in the catalogue`);
    else if (target.sameAs !== undefined) out.push(`${r.id}: sameAs names ${r.sameAs}, itself a restatement`);
  }
  const codes = new Set<string>();
  for (const c of cat.codes) {
    if (codes.has(c.code)) out.push(`${c.code}: duplicate code`);
    codes.add(c.code);
    const modelled = (c.checks?.length ?? 0) > 0;
    if (modelled === (c.notModelled !== undefined)) out.push(`${c.code}: give either checks (with the endpoint behaviour) or notModelled`);
    if (modelled && !c.endpoint) out.push(`${c.code}: modelled without the endpoint behaviour that produces it`);
    for (const id of c.checks ?? []) if (!checkById.has(id)) out.push(`${c.code}: unknown check ${id}`);
    const provenBy = new Set(faultsOf({ checks: c.checks }));
    for (const f of c.faults ?? []) {
      if (!(f in FAULTS)) out.push(`${c.code}: unknown fault ${f}`);
      else if (!provenBy.has(f)) out.push(`${c.code}: fault ${f} is in no provenBy of its checks`);
    }
    if (modelled && faultsOf(c).length === 0) out.push(`${c.code}: modelled without a fault`);
  }
  return out;
}

export interface Coverage {
  sentences: number;
  outOfScope: number;
  restated: number;
  /** Sentences a response can break. */
  violable: number;
  covered: number;
  /** By RFC: [covered, violable]. */
  byRfc: Record<string, [number, number]>;
  codes: number;
  modelled: number;
}

export function coverage(cat: Catalogue): Coverage {
  const st = cat.requirements.map((r) => ({ r, s: statusOf(r) }));
  const byRfc: Record<string, [number, number]> = {};
  for (const { r, s } of st) {
    if (s === 'out of scope' || s === 'restated') continue;
    const row = (byRfc[`RFC ${r.rfc}`] ??= [0, 0]);
    row[1]++;
    if (s === 'covered') row[0]++;
  }
  const n = (s: Status) => st.filter((x) => x.s === s).length;
  return {
    sentences: st.length,
    outOfScope: n('out of scope'),
    restated: n('restated'),
    violable: n('covered') + n('uncovered'),
    covered: n('covered'),
    byRfc,
    codes: cat.codes.length,
    modelled: cat.codes.filter((c) => c.notModelled === undefined).length,
  };
}

const pct = (a: number, b: number) => (b === 0 ? '0' : String(Math.round((100 * a) / b)));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s}\``;

function checksCell(r: { checks?: string[] }): string {
  return (r.checks ?? []).map((id) => `${code(id)} (${checkById.get(id)?.level ?? '?'})`).join('<br>');
}

/** README's one-line figure, between its fault-coverage markers (written with the document). */
export function readmeCoverage(cov: Coverage): string {
  return `${cov.covered} of ${cov.violable} MUST sentences a response can break have a fault that breaks them; ${cov.modelled} of ${cov.codes} Entra error codes are modelled`;
}

export const README = path.join(ROOT, 'README.md');
const README_MARKS = /(<!-- fault-coverage -->)[^<]*(<!-- \/fault-coverage -->)/;

/** README with the current figure between its markers. */
export function withReadmeCoverage(readme: string, cov: Coverage): string {
  if (!README_MARKS.test(readme)) throw new Error('README.md has no <!-- fault-coverage --> … <!-- /fault-coverage --> markers');
  return readme.replace(README_MARKS, (_m, open: string, close: string) => `${open}${readmeCoverage(cov)}${close}`);
}

/** The coverage lines the document opens with. */
export function coverageSummary(cov: Coverage): string[] {
  return [
    `- **RFC 7643/7644**: ${cov.covered} of ${cov.violable} MUST/SHALL/REQUIRED sentences a response can break have at least one fault that breaks them and checks that fail on it (${pct(cov.covered, cov.violable)} %; ${Object.entries(cov.byRfc)
      .map(([rfc, [c, v]]) => `${rfc}: ${c}/${v}`)
      .join(', ')}). Of the ${cov.sentences} such sentences in the two RFCs, ${cov.outOfScope} no response can break (client obligations, internal behaviour, definitions, registrations) and ${cov.restated} restate another in the schema representations of RFC 7643 §8.7.`,
    `- **Entra** (Microsoft's provisioning-log error table and quarantine page): ${cov.modelled} of ${cov.codes} quarantine reasons and provisioning-log error codes are produced by a fault of the reference server that some check fails on; the other ${cov.codes - cov.modelled} are listed below with the reason (most are raised by Entra about its own side).`,
  ];
}

export function renderDoc(cat: Catalogue): string {
  const cov = coverage(cat);
  const out: string[] = [];
  out.push('# The fault catalogue', '');
  out.push(
    '<!-- generated by scripts/fault-catalogue.ts from fixtures/catalogue/rfc-requirements.json, fixtures/catalogue/entra-error-codes.json, the check registry and the fault switches; do not edit (npm run fault-catalogue -- --write) -->',
    '',
  );
  out.push(
    'The counterpart of the [allowed-behaviour catalogue](allowed-behaviours.md): there, every freedom the RFCs and Microsoft give an endpoint is a **variation** no check may fail on; here, every MUST, MUST NOT, SHALL, SHALL NOT and REQUIRED sentence of RFC 7643 and RFC 7644, and every quarantine reason and provisioning-log error code of Entra, is joined with the **checks** that judge it and the **faults** of the reference server (`src/server/switches/`, listed by `scim-conformance --help-faults`) that break it. A fault is named in the `provenBy` of its checks, and the fault matrix (`test/selftest/faults.test.ts`) proves that each of them fails on it.',
    '',
    'A sentence counts when a server response can break it. It is **covered** when at least one fault breaks it and its checks fail on that fault; the ones no response can break are listed with the reason, so that the list is provably complete. A check is shown with its level (MUST, SHOULD, MAY): a check cited for a sentence of another section says why under "via".',
    '',
  );
  out.push('## Coverage', '', ...coverageSummary(cov), '');
  out.push('| | sentences | out of scope | restated | a response can break | covered |', '| --- | --- | --- | --- | --- | --- |');
  for (const rfc of [7643, 7644]) {
    const rs = cat.requirements.filter((r) => r.rfc === rfc);
    const n = (s: Status) => rs.filter((r) => statusOf(r) === s).length;
    out.push(`| RFC ${rfc} | ${rs.length} | ${n('out of scope')} | ${n('restated')} | ${n('covered') + n('uncovered')} | ${n('covered')} |`);
  }
  out.push(`| both | ${cov.sentences} | ${cov.outOfScope} | ${cov.restated} | ${cov.violable} | ${cov.covered} (${pct(cov.covered, cov.violable)} %) |`, '');

  out.push('## Sentences → checks → faults', '');
  out.push('Every sentence a response can break and some fault breaks, in document order.', '');
  out.push('| id | keyword | sentence | checks (level) | faults | via |', '| --- | --- | --- | --- | --- | --- |');
  for (const r of cat.requirements.filter((x) => statusOf(x) === 'covered')) {
    const via = Object.entries(r.via ?? {})
      .map(([id, why]) => `${code(id)}: ${why}`)
      .join('<br>');
    out.push(`| ${r.id} | ${r.keyword} | ${cell(r.sentence)} | ${checksCell(r)} | ${faultsOf(r).map(code).join(', ')} | ${cell(via)} |`);
  }
  out.push('');

  out.push('## Left out: sentences a response can break that no fault breaks yet', '');
  out.push('| id | keyword | sentence | checks that would judge it | why not covered |', '| --- | --- | --- | --- | --- |');
  for (const r of cat.requirements.filter((x) => statusOf(x) === 'uncovered')) {
    const why = r.pending !== undefined ? `pending: ${r.pending}. ${r.uncovered ?? ''}` : (r.uncovered ?? '');
    out.push(`| ${r.id} | ${r.keyword} | ${cell(r.sentence)} | ${checksCell(r)} | ${cell(why)} |`);
  }
  out.push('');

  out.push('## Not counted: sentences no response can break', '');
  out.push('| id | keyword | sentence | why |', '| --- | --- | --- | --- |');
  for (const r of cat.requirements.filter((x) => statusOf(x) === 'out of scope')) out.push(`| ${r.id} | ${r.keyword} | ${cell(r.sentence)} | ${cell(r.outOfScope ?? '')} |`);
  out.push('');
  out.push('## Not counted: restatements in the schema representations (RFC 7643 §8.7)', '');
  out.push('| id | sentence | counted as |', '| --- | --- | --- |');
  for (const r of cat.requirements.filter((x) => statusOf(x) === 'restated')) out.push(`| ${r.id} | ${cell(r.sentence)} | ${r.sameAs} |`);
  out.push('');

  out.push('## Entra quarantine reasons and provisioning-log error codes', '');
  out.push(`${cov.modelled} of ${cov.codes} modelled.`, '');
  out.push('| code | kind | source | endpoint behaviour | checks (level) | faults |', '| --- | --- | --- | --- | --- | --- |');
  for (const c of cat.codes.filter((x) => x.notModelled === undefined)) out.push(`| ${code(c.code)} | ${c.kind} | ${cell(c.source)} | ${cell(c.endpoint ?? '')} | ${checksCell(c)} | ${faultsOf(c).map(code).join(', ')} |`);
  out.push('', 'Not modelled, and why:', '');
  for (const c of cat.codes.filter((x) => x.notModelled !== undefined)) out.push(`- ${code(c.code)} (${c.kind}; ${c.source}): ${c.notModelled}`);
  out.push('');
  return out.join('\n');
}

// Run as a script (node bin/run-ts.js scripts/fault-catalogue.ts), not when a test imports it.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  const cat = loadCatalogue();
  const found = problems(cat);
  if (found.length > 0) {
    process.stderr.write(`The fault catalogue has problems:\n${found.map((p) => `- ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  const doc = renderDoc(cat);
  if (process.argv.includes('--write')) {
    fs.writeFileSync(DOC, doc);
    fs.writeFileSync(README, withReadmeCoverage(fs.readFileSync(README, 'utf8'), coverage(cat)));
  } else process.stdout.write(doc);
  process.stderr.write(`${coverageSummary(coverage(cat)).join('\n')}\n`);
}

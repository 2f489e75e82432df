// npm run catalogue-table [-- --write]: the catalogue coverage of docs/entra-traffic.md, generated from
// the fixtures and the check registry so that it stays true: (a) every request of Entra's catalogue
// (fixtures/catalogue/entra.json) with its grade and its public source, (b) what the catalogue
// describes that no sequence replays, each with the reason, and (c) catalogue request -> sequence and
// step -> checks -> the faults that prove each check. Without --write it prints the section;
// test/unit/catalogue-table.test.ts fails when the document's copy is stale.
import fs from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../src/checks/registry';
import { automaticChecks } from '../src/checks/response';
import { ENTRA_REQUESTS } from '../src/sequences/catalogue';
import { loadSequenceFiles } from '../src/sequences/fixtures';

/** Every request of Entra's catalogue, in its order, with what it is (fixtures/catalogue/entra.json). */
export const CATALOGUE = ENTRA_REQUESTS;

/** What the catalogue describes that no Entra sequence replays, with the reason. */
export const NOT_REPLAYED: ReadonlyArray<{ item: string; reason: string }> = [
  {
    item: 'R-18 schema discovery',
    reason:
      'Entra reads /Schemas only for certain gallery apps ("isn\'t currently supported on custom non-gallery SCIM application"), so Entra\'s sequences do not send it; the RFC suite reads /Schemas, /ResourceTypes and /ServiceProviderConfig, and every check reads what /Schemas declares.',
  },
  {
    item: 'Account Discovery',
    reason:
      'Needs the Entra ID Governance add-on, only reads (it lists every user page by page), and its request parameters are UNVERIFIED; the RFC suite\'s pagination checks (startIndex/count, a multi-page walk) cover the paging the gallery validation uses (GET /Users?startIndex=N&count=5).',
  },
  {
    item: 'Legacy customappsso job',
    reason:
      'A retired, unsupported job type (pre-18-Dec-2018): its PATCH filter syntax and group schema URI are UNVERIFIED, and its documented quirks (extension attributes with "." instead of ":", unquoted filter values) are what the scim job fixed. Its legacy manager form is replayed (R-09b).',
  },
  {
    item: 'Reference queries id eq … and manager eq … / members eq …',
    reason: 'Legacy documentation only (2016-2019); no capture since 2017 shows the current scim job sending them (UNVERIFIED).',
  },
  {
    item: 'Secret token left blank: an Entra-issued JWT',
    reason: 'Only Entra can issue the token (signed by Entra, audience 8adf8e6e-…); the harness sends the bearer token it is given, as Entra sends a filled-in secret token.',
  },
  {
    item: 'OAuth client-credentials / authorization-code grants',
    reason: 'Gallery apps only; the custom non-gallery app authenticates with the bearer token.',
  },
  {
    item: 'Microsoft\'s SCIM Validator and the gallery onboarding Logic App',
    reason:
      'Microsoft\'s test tools, not the provisioning engine. What they send beyond Entra\'s requests is covered by the RFC suite (path-less replace, DELETE of an unknown id -> 404, pagination, attributes/excludedAttributes) and the Entra verification steps (duplicate group -> 409, lookup in another letter case); their OAuth and workload-identity tests are gallery-only.',
  },
  {
    item: 'Retries after errors, 429 and quarantine',
    reason: 'Entra\'s reactions to responses, not requests of their own: a retry repeats a catalogue request already replayed.',
  },
];

/**
 * The public pages behind the catalogue's source tags (fixtures/catalogue/entra.json `source`): MS-DOC
 * is Microsoft's documentation, OBS a third party's capture of a request Entra sent.
 */
export const SOURCES: Readonly<Record<string, { title: string; url: string }>> = {
  S1: { title: 'Microsoft: Tutorial: Develop and plan provisioning for a SCIM endpoint', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups' },
  S2: { title: 'Microsoft: Known issues and resolutions with SCIM 2.0 protocol compliance', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility' },
  S8: { title: 'Microsoft: Customize user provisioning attribute-mappings', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes' },
  S27: { title: 'Captain-P-Goldfish/SCIM-SDK#541: a manager Add Entra sent (2023)', url: 'https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/541' },
  S35: { title: 'Microsoft Q&A: a multi-valued custom attribute updated with Add', url: 'https://learn.microsoft.com/answers/questions/1693075/why-is-entra-id-sending-add-operations-instead-of' },
  S51: { title: 'thomaspoignant/scim-patch#453: a manager removal Entra sent (2023)', url: 'https://github.com/thomaspoignant/scim-patch/issues/453' },
};

/** A catalogue source with each tag linked to its page (an unknown tag stays as written). */
export function linkedSource(source: string): string {
  return source.replace(/\bS(\d+)\b/g, (tag) => (SOURCES[tag] ? `[${tag}](${SOURCES[tag]!.url})` : tag));
}

interface Row {
  catalogue: string;
  steps: string[];
  checks: string[];
}

const faultsOf = new Map(CHECKS.map((c) => [c.id, c.provenBy]));

function checkCell(ids: readonly string[]): string {
  if (ids.length === 0) return '(replayed for its shape and order; no check of its own)';
  return ids.map((id) => `\`${id}\` (${(faultsOf.get(id) ?? []).map((f) => `\`${f}\``).join(', ')})`).join('<br>');
}

/** Rows: one per catalogue request and set of checks, naming every step that has it. */
export function catalogueRows(): Row[] {
  const byKey = new Map<string, Row>();
  for (const { name, file } of loadSequenceFiles('entra')) {
    for (const sequence of file.sequences) {
      sequence.steps.forEach((step, i) => {
        if (!step.catalogue) return;
        // The read-backs that follow an Entra request judge what it did: their checks count for it.
        const readBacks: string[] = [];
        for (const next of sequence.steps.slice(i + 1)) {
          if (!next.verification) break;
          readBacks.push(...next.checks);
        }
        const checks = [...new Set([...step.checks, ...readBacks])].sort();
        const key = `${step.catalogue} ${checks.join(' ')}`;
        const row = byKey.get(key) ?? { catalogue: step.catalogue, steps: [], checks };
        row.steps.push(`${sequence.id} › ${step.name} (${path.basename(name)})`);
        byKey.set(key, row);
      });
    }
  }
  const order = (id: string) => CATALOGUE.findIndex((c) => c.id === id);
  return [...byKey.values()].sort((a, b) => order(a.catalogue) - order(b.catalogue) || b.steps.length - a.steps.length || a.steps[0]!.localeCompare(b.steps[0]!));
}

/** The catalogue requests some Entra step replays. */
export function replayedRequests(): Set<string> {
  return new Set(catalogueRows().map((r) => r.catalogue));
}

export function catalogueSection(): string {
  const rows = catalogueRows();
  const replayed = new Set(rows.map((r) => r.catalogue));
  const what = new Map(CATALOGUE.map((c) => [c.id, c.what]));
  // How well the shape is established decides the level it may gate at (docs/verdicts.md: Verdicts follow evidence).
  const grade = (id: string) => {
    const g = CATALOGUE.find((c) => c.id === id)?.grade;
    if (g === undefined) return '';
    return typeof g === 'string' ? g : Object.entries(g).map(([profile, v]) => `${profile}: ${v}`).join(', ');
  };
  const automatic = [...new Set([...automaticChecks('User'), ...automaticChecks('Group'), ...automaticChecks('UserList')])];
  const out: string[] = [];
  out.push('Every request of the catalogue, how well its shape is established, and where that comes from:', '');
  out.push('| request | what | grade | source |', '| --- | --- | --- | --- |');
  for (const c of CATALOGUE) out.push(`| ${c.id} | ${c.what.replace(/\|/g, '\\|')} | ${grade(c.id)} | ${linkedSource(c.source)} |`);
  out.push('', 'Sources: ' + Object.entries(SOURCES).map(([tag, s]) => `${tag} ${s.title}`).join('; ') + '.', '');
  out.push('Catalogue requests not replayed, and why:', '');
  for (const c of CATALOGUE) if (!replayed.has(c.id) && !NOT_REPLAYED.some((n) => n.item.startsWith(`${c.id} `))) out.push(`- **${c.id}** ${c.what}: not replayed and no reason given.`);
  for (const n of NOT_REPLAYED) out.push(`- **${n.item}**: ${n.reason}`);
  out.push('', 'Catalogue request → the sequences and steps that replay it → their checks (with the checks of the verification read-backs right after the step) → the faults that prove each check:', '');
  out.push('| request | shape | sequence › step (file) | checks (proving faults) |', '| --- | --- | --- | --- |');
  for (const r of rows) out.push(`| ${r.catalogue} ${what.get(r.catalogue) ?? '(not in the catalogue list)'} | ${grade(r.catalogue)} | ${r.steps.join('<br>')} | ${checkCell(r.checks)} |`);
  out.push('', `Every step also gets the response checks for what it expects back (a create also its response-body agreement check, judged against the harness's identity read of the created id; a GET of one resource that of each PUT and PATCH its sequence sends): ${checkCell(automatic).split('<br>').join('; ')}.`);
  return out.join('\n');
}

export const START = '<!-- catalogue-table:start (generated by scripts/catalogue-table.ts; do not edit) -->';
export const END = '<!-- catalogue-table:end -->';

/** The document with the section between the markers replaced by `section`. */
export function withSection(doc: string, section: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${DOC} has no ${START} … ${END} markers`);
  return `${doc.slice(0, a + START.length)}\n${section}\n${doc.slice(b)}`;
}

export const DOC = path.resolve(__dirname, '..', 'docs', 'entra-traffic.md');

// Run as a script (node bin/run-ts.js scripts/catalogue-table.ts), not when a test imports it.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  const section = catalogueSection();
  if (process.argv.includes('--write')) fs.writeFileSync(DOC, withSection(fs.readFileSync(DOC, 'utf8'), section));
  else process.stdout.write(`${section}\n`);
}

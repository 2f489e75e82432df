// npm run catalogue-table [-- --write]: the catalogue coverage of each client's traffic page
// (docs/entra-traffic.md, docs/okta-traffic.md), generated from the fixtures and the check registry so
// that it stays true: (a) every request of the client's catalogue (fixtures/catalogue/<client>.json)
// with its grade and its public source, (b) what the catalogue describes that no sequence replays, each
// with the reason, and (c) catalogue request -> sequence and step -> checks -> the faults that prove each
// check. Without --write it prints the sections; test/unit/catalogue-table.test.ts fails when a
// document's copy is stale.
import fs from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../src/checks/registry';
import { automaticChecks } from '../src/checks/response';
import { CLIENT_NAMES, CLIENTS, type Client } from '../src/profiles';
import { CATALOGUES, type CatalogueRequest } from '../src/sequences/catalogue';
import { loadSequenceFiles } from '../src/sequences/fixtures';

interface NotReplayed {
  item: string;
  reason: string;
}

/** A page behind a source tag; without a url the source has no public address (the table says so). */
interface Source {
  title: string;
  url?: string;
}

/** What Entra's catalogue describes that no Entra sequence replays, with the reason. */
const ENTRA_NOT_REPLAYED: readonly NotReplayed[] = [
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
const ENTRA_SOURCES: Readonly<Record<string, Source>> = {
  S1: { title: 'Microsoft: Tutorial: Develop and plan provisioning for a SCIM endpoint', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups' },
  S2: { title: 'Microsoft: Known issues and resolutions with SCIM 2.0 protocol compliance', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility' },
  S8: { title: 'Microsoft: Customize user provisioning attribute-mappings', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes' },
  S27: { title: 'Captain-P-Goldfish/SCIM-SDK#541: a manager Add Entra sent (2023)', url: 'https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/541' },
  S35: { title: 'Microsoft Q&A: a multi-valued custom attribute updated with Add', url: 'https://learn.microsoft.com/answers/questions/1693075/why-is-entra-id-sending-add-operations-instead-of' },
  S51: { title: 'thomaspoignant/scim-patch#453: a manager removal Entra sent (2023)', url: 'https://github.com/thomaspoignant/scim-patch/issues/453' },
};

/** What Okta documents that no Okta sequence replays, with the reason (okta-requests.md §7, closing note). */
const OKTA_NOT_REPLAYED: readonly NotReplayed[] = [
  {
    item: 'O-02 connection probe on /Groups',
    reason:
      'Documented for SCIM 1.1 only; a 2026 capture of a SCIM 2.0 app saw no request but O-01 when its settings were saved (UNVERIFIED with Import Groups on). The same GET /Groups?startIndex=1&count=100 is replayed as the first import page (O-18).',
  },
  {
    item: 'O-08 profile update by PATCH (OIN)',
    reason:
      "Okta's FAQ says OIN apps PATCH partial updates, its protocol reference that they PUT; no source prints the PATCH body (UNVERIFIED). OIN profile updates are replayed as the documented GET then PUT (O-05, O-07); the path-less PATCH shape Okta documents (O-10) is replayed for deactivation.",
  },
  {
    item: 'OAuth 2.0 connection, Basic authentication and the raw-token Header mode',
    reason:
      "OAuth needs a browser consent and Okta's fixed redirect URIs; Basic and the OIN Header mode (Authorization: <token>, no scheme) are credentials the endpoint is configured with, not request shapes. The harness sends Authorization: Bearer <token>, as Okta's HTTP Header (AIW) and Bearer (OIN) modes do.",
  },
  {
    item: '429 back-off and the 60-second timeout',
    reason:
      "Okta's reactions to responses, not requests of its own: it waits Retry-After (or 5 minutes, doubling over 10 attempts: hours of wall time) and repeats a request already replayed; --timeout bounds the harness's own wait.",
  },
  {
    item: 'Import matching, confirmation and the "only active users are imported" rule',
    reason: "Okta-side logic, visible only in Okta's admin console; what the endpoint sees of an import is the page-by-page list (O-06, O-18).",
  },
  {
    item: 'Profile sourcing, Link Group, push rules, pausing and resuming a group push',
    reason: 'Okta-side settings; what reaches the endpoint are the group-push requests (O-15 to O-23) in the order of the documented sequences; which requests Link Group sends is UNVERIFIED.',
  },
  {
    item: 'Per-tenant base URLs (Expression Language)',
    reason: 'Okta builds the URL before it sends anything; the harness is given the base URL that results.',
  },
  {
    item: 'SCIM 1.1, SCIM 2.0 with entitlements, the on-premises Provisioning Agent',
    reason: 'Out of scope of the catalogue (okta-requests.md §0.2): other protocols or other products than the SCIM 2.0 provisioning engine.',
  },
];

/**
 * The pages behind Okta's catalogue source tags (okta-requests.md §8): OKTA-DOC is Okta's documentation,
 * OBS a third party's capture of requests Okta sent, OKTA-STAFF an Okta engineer's.
 */
const OKTA_SOURCES: Readonly<Record<string, Source>> = {
  S1: { title: 'Okta: SCIM 2.0 Protocol Reference', url: 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20' },
  S2: { title: 'Okta: Okta and SCIM Version 1.1', url: 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-11' },
  S3: { title: "Okta's 2018-2019 SCIM page, with every header (retired Nov 2019)", url: 'https://github.com/okta/okta-developer-docs/blob/1e98f9316e/packages/@okta/vuepress-site/docs/reference/scim/index.md' },
  S5: { title: 'Okta: SCIM integration concepts and requirements (FAQ)', url: 'https://developer.okta.com/docs/concepts/scim/faqs/' },
  S15: { title: 'Okta Help: Okta Integration Wizard provisioning settings', url: 'https://help.okta.com/en-us/content/topics/apps/oiw/provisioning-settings.htm' },
  S21: { title: 'an IT-lab write-up of an AIW app provisioning a Node SCIM server (2026; found in a code index, repository not resolved)' },
  S22: { title: 'a SCIM prototype README with dumps of Okta requests (found in a code index, repository not resolved)' },
  S23: { title: 'coder/coder#15828: an Okta log of a deactivation by PUT (2024)', url: 'https://github.com/coder/coder/issues/15828' },
  S24: { title: 'unitycatalog/unitycatalog#423: a Test App template deactivating by PATCH (2024)', url: 'https://github.com/unitycatalog/unitycatalog/issues/423' },
};

/** Each client's catalogue, what of it is not replayed and why, the pages behind its sources, and the page the table goes in. */
export interface ClientCatalogue {
  client: Client;
  /** Every request of the client's catalogue, in its order (fixtures/catalogue/<client>.json). */
  requests: readonly CatalogueRequest[];
  notReplayed: readonly NotReplayed[];
  sources: Readonly<Record<string, Source>>;
  doc: string;
}

export const CLIENT_CATALOGUES: Readonly<Record<Client, ClientCatalogue>> = {
  entra: { client: 'entra', requests: CATALOGUES.entra, notReplayed: ENTRA_NOT_REPLAYED, sources: ENTRA_SOURCES, doc: path.resolve(__dirname, '..', 'docs', 'entra-traffic.md') },
  okta: { client: 'okta', requests: CATALOGUES.okta, notReplayed: OKTA_NOT_REPLAYED, sources: OKTA_SOURCES, doc: path.resolve(__dirname, '..', 'docs', 'okta-traffic.md') },
};

/** A catalogue source with each tag linked to its page (an unknown tag, or one with no public page, stays as written). */
export function linkedSource(cat: ClientCatalogue, source: string): string {
  return source.replace(/\bS(\d+)\b/g, (tag) => (cat.sources[tag]?.url ? `[${tag}](${cat.sources[tag]!.url})` : tag));
}

/** Whether a catalogue request is among those listed as not replayed, with a reason. */
export function reasoned(cat: ClientCatalogue, id: string): boolean {
  return cat.notReplayed.some((n) => n.item.startsWith(`${id} `));
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

/** Rows: one per catalogue request and set of checks, naming every step of the client's sequences that has it. */
export function catalogueRows(cat: ClientCatalogue): Row[] {
  const byKey = new Map<string, Row>();
  for (const { name, file } of loadSequenceFiles(cat.client)) {
    for (const sequence of file.sequences) {
      sequence.steps.forEach((step, i) => {
        if (!step.catalogue) return;
        // The read-backs that follow a client request judge what it did: their checks count for it.
        const readBacks: string[] = [];
        for (const next of sequence.steps.slice(i + 1)) {
          if (!next.verification) break;
          readBacks.push(...next.checks);
        }
        const checks = [...new Set([...step.checks, ...readBacks])].sort();
        const key = `${step.catalogue} ${checks.join(' ')}`;
        const row = byKey.get(key) ?? { catalogue: step.catalogue, steps: [], checks };
        // A step or sequence only some profiles replay says which (Okta's AIW PUT, OIN PATCH).
        const only = step.profiles ?? sequence.profiles;
        row.steps.push(`${sequence.id} › ${step.name}${only ? ` [${only.join(', ')}]` : ''} (${path.basename(name)})`);
        byKey.set(key, row);
      });
    }
  }
  const order = (id: string) => cat.requests.findIndex((c) => c.id === id);
  return [...byKey.values()].sort((a, b) => order(a.catalogue) - order(b.catalogue) || b.steps.length - a.steps.length || a.steps[0]!.localeCompare(b.steps[0]!));
}

/** The catalogue requests some step of the client's sequences replays. */
export function replayedRequests(cat: ClientCatalogue): Set<string> {
  return new Set(catalogueRows(cat).map((r) => r.catalogue));
}

export function catalogueSection(cat: ClientCatalogue): string {
  const rows = catalogueRows(cat);
  const replayed = new Set(rows.map((r) => r.catalogue));
  const what = new Map(cat.requests.map((c) => [c.id, c.what]));
  // How well the shape is established decides the level it may gate at (docs/verdicts.md: Verdicts follow evidence).
  const grade = (id: string) => {
    const g = cat.requests.find((c) => c.id === id)?.grade;
    if (g === undefined) return '';
    return typeof g === 'string' ? g : Object.entries(g).map(([profile, v]) => `${profile}: ${v}`).join(', ');
  };
  // A catalogue that says which profiles send each request (Okta's) gets a column for it.
  const sentBy = cat.requests.some((c) => c.sentBy);
  const automatic = [...new Set([...automaticChecks('User', cat.client), ...automaticChecks('Group', cat.client), ...automaticChecks('UserList', cat.client)])];
  const out: string[] = [];
  out.push(`Every request of the catalogue, how well its shape is established${sentBy ? ', which profiles send it' : ''}, and where that comes from:`, '');
  out.push(`| request | what | grade |${sentBy ? ' sent by |' : ''} source |`, `| --- | --- | --- |${sentBy ? ' --- |' : ''} --- |`);
  for (const c of cat.requests) out.push(`| ${c.id} | ${c.what.replace(/\|/g, '\\|')} | ${grade(c.id)} |${sentBy ? ` ${(c.sentBy ?? []).join(', ')} |` : ''} ${linkedSource(cat, c.source)} |`);
  out.push('', 'Sources: ' + Object.entries(cat.sources).map(([tag, s]) => `${tag} ${s.title}`).join('; ') + '.', '');
  out.push('Catalogue requests not replayed, and why:', '');
  for (const c of cat.requests) if (!replayed.has(c.id) && !reasoned(cat, c.id)) out.push(`- **${c.id}** ${c.what}: not replayed and no reason given.`);
  for (const n of cat.notReplayed) out.push(`- **${n.item}**: ${n.reason}`);
  out.push('', 'Catalogue request → the sequences and steps that replay it → their checks (with the checks of the verification read-backs right after the step) → the faults that prove each check:', '');
  out.push('| request | shape | sequence › step (file) | checks (proving faults) |', '| --- | --- | --- | --- |');
  for (const r of rows) out.push(`| ${r.catalogue} ${what.get(r.catalogue) ?? '(not in the catalogue list)'} | ${grade(r.catalogue)} | ${r.steps.join('<br>')} | ${checkCell(r.checks)} |`);
  out.push('', `Every step also gets the response checks for what it expects back on ${CLIENT_NAMES[cat.client]}'s traffic (a create also its response-body agreement check, judged against the harness's identity read of the created id; a GET of one resource that of each PUT and PATCH its sequence sends): ${checkCell(automatic).split('<br>').join('; ')}.`);
  return out.join('\n');
}

export const START = '<!-- catalogue-table:start (generated by scripts/catalogue-table.ts; do not edit) -->';
export const END = '<!-- catalogue-table:end -->';

/** The document with the section between the markers replaced by `section`. */
export function withSection(doc: string, section: string, file: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no ${START} … ${END} markers`);
  return `${doc.slice(0, a + START.length)}\n${section}\n${doc.slice(b)}`;
}

// Run as a script (node bin/run-ts.js scripts/catalogue-table.ts), not when a test imports it.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  for (const client of CLIENTS) {
    const cat = CLIENT_CATALOGUES[client];
    const section = catalogueSection(cat);
    if (process.argv.includes('--write')) fs.writeFileSync(cat.doc, withSection(fs.readFileSync(cat.doc, 'utf8'), section, cat.doc));
    else process.stdout.write(`${path.relative(process.cwd(), cat.doc)}:\n${section}\n\n`);
  }
}

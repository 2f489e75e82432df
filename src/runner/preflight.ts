// The first client's connection test, before any other request: Entra's Test Connection
// (entra-requests.md §3.1, R-01), the first step of the users.test-connection sequence, built from that
// fixture exactly as the suites build it (the run's matching attribute and mapping applied, a random
// GUID); or, when only Okta is replayed, Okta's connection probe (okta-requests.md §3.1, O-01), the first
// step of okta.test-connection. It is sent by the run's client with that client's headers, and also
// tells whether the endpoint can be reached at all.
//
// When it fails, the answer says why, the way an admin's Test Connection would (the table below).
// An answer that shows the run does not reach a SCIM service accepting the token (401/403, a
// redirect, a body that is not JSON, an error that is no SCIM error) stops the run: the step's checks
// are recorded as judged on that answer, every other check as blocked by it, and nothing else is
// sent. Any other failing answer comes from the SCIM service itself (a SCIM error, a list that is not
// empty): the run goes on, the suites replay Test Connection and judge it with everything else, and
// the diagnosis still leads the report.
import { entraTlsChecks } from '../checks/entra/tls';
import { getCheck } from '../checks/registry';
import type { ScimClient } from '../http/client';
import { toCurl } from '../http/curl';
import { describeExchange, header, renderResponse, type Exchange, type RecordedResponse } from '../http/exchange';
import { applyRunMapping } from '../mapping/apply';
import type { MappingMode, ProvisioningMapping } from '../mapping/schema';
import { CLIENT_NAMES, CLIENT_TITLES, clientOf, profilesOf, type Client, type Profile } from '../profiles';
import type { Attachment } from '../report/allure';
import type { CheckApplication } from '../report/outcome';
import type { Preflight } from '../report/summary';
import { terminalValue } from '../report/terminal';
import { CLIENT_HEADERS, CLIENT_QUERY_SPACE, clientStepEvidence } from '../sequences/catalogue';
import { loadSequenceFiles } from '../sequences/fixtures';
import type { Journal } from '../sequences/journal';
import { SequenceRun } from '../sequences/replay';
import { judgeStep } from '../sequences/suite';
import { stepLabel, type SequenceDef, type SequenceFile } from '../sequences/types';
import type { TlsProbe } from '../tls/probe';
import { unfetchedDiscovery } from '../tls/run';
import { tlsApplication } from '../tls/suite';
import { blockedBy } from './blocked';

/** The sequence whose first step is Entra's Test Connection request (fixtures/entra/users.json). */
export const TEST_CONNECTION_SEQUENCE = 'users.test-connection';

/** Each client's connection test: the first step of this sequence of its fixture folder. */
const CONNECTION_SEQUENCE: Record<Client, string> = { entra: TEST_CONNECTION_SEQUENCE, okta: 'okta.test-connection' };

export interface PreflightOptions {
  baseUrl: string;
  profiles: readonly Profile[];
  matchingAttribute: string;
  mapping?: ProvisioningMapping;
  mappingMode: MappingMode;
  seed: number;
  runId: string;
  journal: Journal;
  /** --grep: selects which of the blocked checks are recorded (the Test Connection checks always are). */
  grep?: string;
  /** The TLS probe of an https:// target: the entra.tls checks are judged from it even when the run stops. */
  tls?: TlsProbe;
}

export interface PreflightResult {
  /** How Test Connection went; absent when no HTTP answer came back at all (see unreachable). */
  preflight?: Preflight;
  /** "CODE: message" of the transport failure when the endpoint could not be reached. */
  unreachable?: string;
  /** When it stopped the run: the step's checks judged on its answer, the entra.tls checks, and every other check blocked by it. */
  applications: CheckApplication[];
  /** The exchange, for the Allure results of the judged checks (by their test name). */
  attachments: Array<{ test: string; attachment: Attachment }>;
}

/** Sends Test Connection and judges its answer; throws only on a harness bug (a fixture that does not resolve). */
export async function testConnection(client: ScimClient, options: PreflightOptions): Promise<PreflightResult> {
  const profile = options.profiles[0]!;
  const who = clientOf(profile);
  const { file, sequence } = testConnectionSequence(options, who);
  const index = 0;
  const step = sequence.steps[index]!;
  const replay = new SequenceRun(file, sequence, profile, { client, journal: options.journal, prefix: `scimc-${options.runId}-preflight-`, wrongToken: `scimc-wrong-token-${options.runId}`, clientHeaders: CLIENT_HEADERS[who], querySpace: CLIENT_QUERY_SPACE[who] });
  const outcome = await replay.step(index);
  if (outcome.status !== 'done') throw new Error(`${CLIENT_TITLES[who]}'s connection test step (${sequence.id}) could not be built: ${outcome.reason}`);
  const { exchange } = outcome;
  const none: PreflightResult = { applications: [], attachments: [] };
  if (!exchange.response) return { ...none, unreachable: `${exchange.error?.code}: ${exchange.error?.message}` };

  const request = describeExchange(exchange);
  const label = stepLabel(step);
  const testOf = (p: Profile) => `${sequence.title} [${p}] ${label}`;
  const discovery = unfetchedDiscovery('Test Connection is sent first');
  // Only the checks Test Connection itself states (the fixture's) judge it: a run that stops here
  // judges nothing else, so no verdict passes on what an error answer happened to get right.
  const judgedFor = (p: Profile) =>
    step.checks.map(getCheck).map((check) =>
      judgeStep(check, replay, index, outcome, { checkId: check.id, profile: p, area: who, sequence: sequence.id, step: label, test: testOf(p), evidence: clientStepEvidence(sequence, index, p) }, discovery),
    );
  // The connection test is that client's request: its checks are judged for that client's profiles only.
  const testedProfiles = profilesOf(who, options.profiles);
  const judged = judgedFor(profile);
  const failures = judged.filter((a) => a.status === 'failed');
  if (failures.length === 0) return { ...none, preflight: { outcome: 'passed', request } };
  const mode = FAILURE_MODES.find((m) => m.matches(exchange.response!))!;
  const diagnosis = mode.say(exchange, failures, who);
  if (!mode.stops) return { ...none, preflight: { outcome: 'failed', request, diagnosis } };

  const all = [...judged, ...testedProfiles.slice(1).flatMap(judgedFor)];
  const judgedIds = new Set(all.map((a) => a.checkId));
  const grep = options.grep !== undefined ? new RegExp(options.grep) : undefined;
  const tls = entraTlsChecks.filter((c) => !grep || grep.test(`${c.id}: ${c.title}`)).map((c) => tlsApplication(c, options.tls, options.baseUrl, profile));
  const blocked = blockedBy({ sequence: sequence.id, step: label, request }, `blocked: Test Connection failed, so nothing else was sent (${diagnosis})`, {
    profiles: options.profiles,
    ...(options.grep !== undefined ? { grep: options.grep } : {}),
    except: (check) => judgedIds.has(check.id) || check.id.startsWith('entra.tls.'),
  });
  const attachment: Attachment = { name: request, text: () => `${toCurl(exchange)}\n\n${renderResponse(exchange, Infinity)}` };
  return {
    preflight: { outcome: 'stopped', request, diagnosis },
    applications: [...all, ...tls, ...blocked],
    attachments: testedProfiles.map((p) => ({ test: testOf(p), attachment })),
  };
}

/** The client's connection-test sequence as the suites replay it (Entra's: the run's matching attribute and mapping applied). */
function testConnectionSequence(options: PreflightOptions, who: Client): { file: SequenceFile; sequence: SequenceDef } {
  const id = CONNECTION_SEQUENCE[who];
  const loaded = loadSequenceFiles(who).find((f) => f.file.sequences.some((s) => s.id === id));
  if (!loaded) throw new Error(`no fixture under fixtures/${who} holds the sequence ${id}`);
  const file = who === 'entra' ? applyRunMapping(loaded.file, { matchingAttribute: options.matchingAttribute, ...(options.mapping ? { mapping: options.mapping } : {}), mode: options.mappingMode, seed: options.seed }) : loaded.file;
  return { file, sequence: file.sequences.find((s) => s.id === id)! };
}

// ---------------------------------------------------------------- diagnosis

/** One way Test Connection fails, and what an admin is told. The first that matches applies. */
interface FailureMode {
  /** Whether the run stops here: the answer does not come from a SCIM service that accepts the token. */
  stops: boolean;
  matches(res: RecordedResponse): boolean;
  say(exchange: Exchange, failures: readonly CheckApplication[], who: Client): string;
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

function isScimError(res: RecordedResponse): boolean {
  const schemas = (res.json as { schemas?: unknown } | undefined)?.schemas;
  return Array.isArray(schemas) && schemas.includes(SCIM_ERROR);
}

/** ` ("<detail>")` of a SCIM error, or ''. */
function detailOf(res: RecordedResponse): string {
  const detail = (res.json as { detail?: unknown } | undefined)?.detail;
  return typeof detail === 'string' && detail.trim() !== '' ? ` ("${terminalValue(detail, 200)}")` : '';
}

const NO_HEADERS = 'Entra sends no User-Agent and no Accept header: a gateway or firewall that requires them refuses Entra too';

const FAILURE_MODES: readonly FailureMode[] = [
  {
    stops: true,
    matches: (res) => res.status === 401 || res.status === 403,
    say: ({ response: res }, _failures, who) =>
      who === 'entra'
        ? `Test Connection answered ${res!.status}${detailOf(res!)}: check the Secret Token (Entra reports 401 and 403 alike as "You appear to have entered invalid credentials")${res!.status === 403 ? `. ${NO_HEADERS}` : ''}.`
        : `Okta's connection test answered ${res!.status}${detailOf(res!)}: check the API token (Okta does not save the provisioning settings: "An error has occurred").`,
  },
  {
    stops: true,
    matches: (res) => res.status >= 300 && res.status < 400,
    say: ({ response: res }) => {
      const location = header(res, 'Location');
      return `Test Connection answered ${res!.status}, a redirect${location ? ` to ${terminalValue(location, 200)}` : ''}: the Tenant URL must be the SCIM base path itself, answering 200 (a redirect to a sign-in page means the URL is a web application's, not its SCIM API's).`;
    },
  },
  {
    stops: true,
    matches: (res) => res.status === 404 && !isScimError(res),
    say: ({ request }, _failures, who) => `404 on /Users: is the ${who === 'entra' ? 'Tenant URL' : 'base URL'} the SCIM base path? ${CLIENT_NAMES[who]} appends /Users to it (this run sent GET ${terminalValue(request.url.split('?')[0]!, 200)}), and what answered is no SCIM error.`,
  },
  {
    stops: true,
    matches: (res) => res.json === undefined,
    say: ({ response: res }, _failures, who) => {
      const type = header(res, 'Content-Type');
      const html = /html/i.test(type ?? '') || /^\s*</.test(res!.bodyText);
      const what = res!.bodyText.trim() === '' ? 'an empty body' : html ? 'an HTML page' : 'a body that is not JSON';
      return `Test Connection answered ${res!.status} with ${what}${type ? ` (${terminalValue(type, 80)})` : ''}: the ${who === 'entra' ? 'Tenant URL' : 'base URL'} is not a SCIM endpoint${html ? ' (a web page or a sign-in page?)' : ''}.${who === 'entra' ? ' Entra reports "We are not able to deserialize the resource received from your SCIM endpoint".' : ''}`;
    },
  },
  {
    stops: true,
    matches: (res) => res.status >= 400 && !isScimError(res),
    say: ({ response: res }) => `Test Connection answered ${res!.status}, and not with a SCIM error: something other than the SCIM service answered (a gateway or proxy in front of it?). Check the Tenant URL and that the endpoint is up.`,
  },
  // From here on the SCIM service itself answered: the run goes on and its checks judge the answer.
  {
    stops: false,
    matches: (res) => res.status === 404,
    say: ({ response: res }) =>
      `Test Connection answered 404 with a SCIM error${detailOf(res!)}. If the Tenant URL is not the SCIM base path, fix that first; otherwise a filter that matches nothing must get 200 and an empty ListResponse (Entra quarantines a job whose query gets 404).`,
  },
  {
    stops: false,
    matches: (res) => res.status < 200 || res.status >= 300,
    say: ({ response: res }, _failures, who) => `Test Connection answered ${res!.status}${detailOf(res!)}: ${who === 'entra' ? `Entra expects 200 with an empty ListResponse${res!.status === 406 || res!.status === 415 ? `. ${NO_HEADERS}` : ''}` : 'Okta expects 200 with a ListResponse'}.`,
  },
  {
    stops: false,
    matches: () => true,
    say: ({ request, response: res }, failures, who) => {
      // The last of the step's checks says what is wrong with the content (the first, with the status).
      const f = [...failures].reverse().find((a) => a.received !== undefined);
      const filter = new URL(request.url).searchParams.get('filter');
      const resources = (res!.json as { Resources?: unknown } | undefined)?.Resources;
      const ignored = Array.isArray(resources) && resources.length > 0;
      return `Test Connection answered ${res!.status}, not the ${who === 'entra' ? 'empty ListResponse Entra expects' : 'ListResponse Okta expects'}${f ? `: ${terminalValue(f.received!, 200)} (expected ${terminalValue(f.expected ?? '', 120)})` : ''}${ignored && filter ? `. Nothing can match ${filter}: does the endpoint ignore the filter?` : ''}`;
    },
  },
];

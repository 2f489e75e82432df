// Configuration: flags > environment > .env > project config file > defaults, read and validated
// once. Anything wrong is a ConfigError with a message that says what to change (the CLI exits 2 on
// it). The config file (scim-conformance.config.json, .ts, .mjs, .js or .cjs, found from the working folder
// upward, or --config FILE) is the project's checked-in default; the environment and .env override
// it per machine or CI job, and flags override everything.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import dotenv from 'dotenv';
import { CLIENT_PROFILES, CLIENT_TITLES, CLIENTS, clientOf, isClient, isProfile, PROFILES, type Client, type Profile } from './profiles';
import { hasCheck } from './checks/registry';
import { shellQuote } from './http/curl';
import { parseReplayPath } from './model/runner';
import { parseFaultNames, type FaultName } from './server/faults';
import { parseVariationNames, type VariationName } from './server/variations';
import { readCaFile } from './tls/trust';
import { DEFAULT_MAPPING_FILE, DEFAULT_MAPPING_LABEL, loadMappingFile, MappingError, readMatchingAttribute, type MappingMode, type ProvisioningMapping } from './mapping/schema';

export class ConfigError extends Error {}

export type FailOn = 'must' | 'should';

/** Which verdict sets the exit code: Entra readiness, Okta readiness, RFC compliance, or all of them. */
export const GATES = ['entra', 'okta', 'rfc', 'all'] as const;
export type Gate = (typeof GATES)[number];

/**
 * What the console shows when a run ends: default (every failed check in full, with its curl lines)
 * or summary (the verdicts, What to fix and the report paths, for CI logs; the reports hold the rest).
 */
export const REPORTERS = ['default', 'summary'] as const;
export type Reporter = (typeof REPORTERS)[number];

/**
 * Where the property seed came from. Default runs use one fixed seed, so the same endpoint gets the
 * same verdict every run; `--seed random` explores further and prints the seed that replays it.
 */
export type SeedSource = 'default' | 'given' | 'random';
export const DEFAULT_SEED = 20261130;
export const DEFAULT_DEADLINE_MINUTES = 15;
/** Requests in flight at most (--concurrency); chosen by measurement, see docs/speed.md. */
export const DEFAULT_CONCURRENCY = 24;
export const MAX_CONCURRENCY = 64;
/** The suites' default budget is about this many cases per property; --runs above it scales the default deadline. */
const DEFAULT_RUNS_SCALE = 8;

/** "900s", "15m", "1h" or bare milliseconds. */
function parseDuration(name: string, raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(raw.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[2] ?? 'ms').toLowerCase() as 'ms'];
  const ms = m ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 86_400_000) throw new ConfigError(`${name} must be a duration between 1s and 24h, like 900s, 15m or 60000 (got "${raw}")`);
  return ms;
}

export interface Config {
  target: { kind: 'embedded'; faults: FaultName[]; variations: VariationName[] } | { kind: 'url'; baseUrl: string };
  token: string;
  /** The clients whose traffic is replayed (--client); the default is Entra, the mission's client. */
  clients: Client[];
  /** The request-shape profiles of those clients (--profile narrows them). */
  profiles: Profile[];
  reportDir: string;
  timeoutMs: number;
  /** The whole run's time budget (suites); clean-up and reports get their own bounded time after it. */
  deadlineMs: number;
  /** Response size cap of every request. */
  maxResponseBytes: number;
  failOn: FailOn;
  gate: Gate;
  /** Seed of the property-based suites; DEFAULT_SEED unless given, always reported. */
  seed: number;
  seedSource: SeedSource;
  /** Generated cases per property; undefined: each suite's default budget. */
  runs?: number;
  /** Replay one property counterexample exactly, as printed by a failed property. */
  replayPath?: string;
  /** Only checks whose test name (check id, title, sequence) matches this regular expression. */
  grep?: string;
  /** This run's part of a run split across machines. */
  shard?: { index: number; count: number };
  /** Known failures (a summary.json or a known-failures file): reported, but they do not gate. */
  baselineFile?: string;
  /** Private CA(s) the run trusts besides the public roots (--ca): the file and its PEM certificates. */
  ca?: { file: string; pem: string };
  /** The attribute Entra matches users on: --matching-attribute, else the mapping's matchingPriority 1, else userName. */
  matchingAttribute: string;
  /**
   * The attribute mapping the Entra bodies follow, read and validated: the customer's export (--mapping
   * FILE), or Entra's default mapping of a custom non-gallery app; absent with --mapping all.
   */
  mapping?: ProvisioningMapping;
  /** default: Entra's default mapping (optional features only probed); file: --mapping FILE; all: everything Entra can send, all gating. */
  mappingMode: MappingMode;
  /** Requests in flight at most, over the whole run. */
  concurrency: number;
  /** Requests started in any one second at most, over the whole run; undefined: unbounded. */
  maxRps?: number;
  /** What the console shows (REPORTERS). */
  reporter: Reporter;
}

/** Names searched for, in this order, in the working folder and each folder above it. */
export const CONFIG_FILE_NAMES = ['scim-conformance.config.json', 'scim-conformance.config.ts', 'scim-conformance.config.mjs', 'scim-conformance.config.js', 'scim-conformance.config.cjs'] as const;

/**
 * Keys a config file may hold: each is an option's flag in camelCase. The token is not one of
 * them (a secret does not belong in a checked-in file), nor are the per-run options (--shard,
 * --replay-path) and the help switches.
 */
export const CONFIG_FILE_KEYS: Readonly<Record<string, string>> = {
  url: 'url',
  profiles: 'profile',
  client: 'client',
  reportDir: 'report-dir',
  timeout: 'timeout',
  deadline: 'deadline',
  maxResponseBytes: 'max-response-bytes',
  failOn: 'fail-on',
  gate: 'gate',
  seed: 'seed',
  runs: 'runs',
  grep: 'grep',
  baseline: 'baseline',
  allowHttp: 'allow-http',
  serverFaults: 'server-faults',
  serverVariations: 'server-variations',
  ca: 'ca',
  matchingAttribute: 'matching-attribute',
  mapping: 'mapping',
  concurrency: 'concurrency',
  maxRps: 'max-rps',
  reporter: 'reporter',
};
/** Keys holding a path: relative to the config file's folder. */
const PATH_KEYS = new Set(['reportDir', 'baseline', 'ca', 'mapping']);

export interface ConfigFile {
  file: string;
  /** Values by option flag, in the flags' string form. */
  values: Map<string, string>;
}

/** The config file to use: --config (or SCIM_CONFIG), else the first one found from cwd upward. */
export function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file)) throw new ConfigError(`--config ${explicit}: no such file`);
    return file;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A scim-conformance.config.ts, compiled with the TypeScript of the project it belongs to (a project
 * that writes its config in TypeScript has it installed; this package carries no compiler at run
 * time). An .mjs file needs nothing of the kind: Node 20.19 and later require() ES modules.
 */
function loadTypeScriptModule(file: string): unknown {
  let ts: typeof import('typescript');
  try {
    ts = require(require.resolve('typescript', { paths: [path.dirname(file)] })) as typeof import('typescript');
  } catch {
    throw new ConfigError(`${path.basename(file)} needs the typescript package in its project (npm i -D typescript), or write the config as .json, .mjs or .js`);
  }
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  const mod = new Module(file) as Module & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  mod._compile(outputText, file);
  return mod.exports;
}

/** Reads and checks a config file: unknown keys, a token and values of the wrong type are refused. */
export function readConfigFile(file: string): ConfigFile {
  let body: unknown;
  try {
    if (file.endsWith('.json')) body = JSON.parse(fs.readFileSync(file, 'utf8'));
    else {
      const mod = (file.endsWith('.ts') ? loadTypeScriptModule(file) : require(file)) as { default?: unknown };
      body = mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
    }
  } catch (err) {
    throw new ConfigError(`cannot read the config file ${file}: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConfigError(`the config file ${file} must hold an object, like {"url": "https://…", "gate": "entra"}`);
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '$schema' || key === '$comment') continue;
    if (key === 'token') throw new ConfigError(`the config file ${file} holds a token: remove it, and pass the token with SCIM_TOKEN (the environment, a CI secret or .env) or --token`);
    const flag = CONFIG_FILE_KEYS[key];
    if (flag === undefined) throw new ConfigError(`unknown key "${key}" in the config file ${file}; the keys are: ${Object.keys(CONFIG_FILE_KEYS).join(', ')}`);
    let text: string;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) text = String(value);
    else if (typeof value === 'boolean' && key === 'allowHttp') text = String(value);
    else if (Array.isArray(value) && (key === 'profiles' || key === 'serverFaults' || key === 'serverVariations') && value.every((v) => typeof v === 'string')) text = value.join(',');
    else throw new ConfigError(`"${key}" in the config file ${file} has the wrong type (got ${JSON.stringify(value)})`);
    values.set(flag, PATH_KEYS.has(key) ? path.resolve(path.dirname(file), text) : text);
  }
  return { file, values };
}

export interface LoadOptions {
  /** Look for a project config file (default true; the API passes false: only its options count). */
  configFile?: boolean;
}

export type Invocation = { kind: 'run'; config: Config; configFile?: string } | { kind: 'help' } | { kind: 'help-faults' } | { kind: 'help-variations' } | { kind: 'version' };

interface OptionSpec {
  flag: string;
  env?: string;
  /** Placeholder of the value; absent for boolean switches. */
  arg?: string;
  help: string;
}

/** Every option, once: the parser and --help both read this table. */
export const OPTIONS: readonly OptionSpec[] = [
  { flag: 'url', env: 'SCIM_BASE_URL', arg: 'URL', help: 'Tenant URL as pasted into Entra (trailing slash and ?aadOptscim062020 understood). Without it the embedded reference server is the target.' },
  { flag: 'token', env: 'SCIM_TOKEN', arg: 'TOKEN', help: 'The secret token (bare; "Bearer " is added). Required with --url. Never printed.' },
  { flag: 'client', env: 'SCIM_CLIENT', arg: 'WHICH', help: `Whose provisioning traffic to replay: ${CLIENTS.join(', ')} or all; each client gets its own verdict. Default: entra, or the clients of the profiles --profile names.` },
  { flag: 'profile', env: 'SCIM_PROFILE', arg: 'NAMES', help: `Request shapes to replay: ${PROFILES.join(', ')} (comma-separated; entra-flag is Entra with aadOptscim062020, okta-aiw an Okta app made with the App Integration Wizard, okta-oin an OIN catalog app). Default: every profile of the selected clients, Entra's being entra-flag alone when the URL carries aadOptscim062020.` },
  { flag: 'report-dir', env: 'SCIM_REPORT_DIR', arg: 'DIR', help: 'Where summary.json, junit.xml and allure-results/ are written. Default: reports' },
  { flag: 'timeout', env: 'SCIM_TIMEOUT_MS', arg: 'MS', help: 'Total time one request may take (connect, headers and the whole body), in milliseconds. Default: 30000' },
  { flag: 'deadline', env: 'SCIM_DEADLINE', arg: 'TIME', help: `Time budget of the whole run (e.g. 900s, 15m, or milliseconds); when it passes, requests stop, what the run created is deleted and a report marked interrupted is written: checks whose requests were never answered are blocked by the deadline and gate nothing, a verdict they leave open reads INCOMPLETE (exit 2; exit 1 when a gating failure was found before the stop). Default: ${DEFAULT_DEADLINE_MINUTES}m, more with --runs.` },
  { flag: 'max-response-bytes', env: 'SCIM_MAX_RESPONSE_BYTES', arg: 'N', help: 'Largest response body read; a larger one fails its request. Default: 4194304 (4 MiB)' },
  { flag: 'concurrency', env: 'SCIM_CONCURRENCY', arg: 'N', help: `Requests in flight at most, over the whole run (independent sequences, profiles and property cases run side by side; the steps of one sequence stay in order). 1 sends one request at a time. Default: ${DEFAULT_CONCURRENCY}` },
  { flag: 'max-rps', env: 'SCIM_MAX_RPS', arg: 'R', help: 'Requests started in any one second at most, over the whole run (retries included). Default: no bound' },
  { flag: 'fail-on', env: 'SCIM_FAIL_ON', arg: 'LEVEL', help: 'Lowest level whose failures fail the run (exit 1): must or should. Default: must' },
  { flag: 'gate', env: 'SCIM_GATE', arg: 'WHICH', help: 'Which verdict sets the exit code: entra (Entra provisioning readiness), okta (Okta provisioning readiness; needs --client okta or all), rfc (RFC 7643/7644 compliance) or all. Default: all' },
  { flag: 'seed', env: 'SCIM_SEED', arg: 'N|random', help: `Seed of the property-based suites. Default: ${DEFAULT_SEED}, fixed, so that two runs of an unchanged endpoint give the same verdict; "random" explores new cases (the seed is printed and in summary.json, and replays them).` },
  { flag: 'runs', env: 'SCIM_RUNS', arg: 'N', help: 'Generated cases per property (scales the traffic of the property-based suites). Default: a small budget.' },
  { flag: 'replay-path', env: 'SCIM_REPLAY_PATH', arg: 'PATH', help: 'Replay one property counterexample exactly, as a failed property prints it (with its --seed and --runs): only that property and profile run.' },
  { flag: 'grep', env: 'SCIM_GREP', arg: 'PATTERN', help: 'Run only the checks whose id, title or sequence matches PATTERN (a regular expression).' },
  { flag: 'shard', env: 'SCIM_SHARD', arg: 'I/N', help: 'Run shard I of N (split by suite file); combine the shards with: scim-conformance merge --report-dir OUT DIR1 DIR2 ...' },
  { flag: 'baseline', env: 'SCIM_BASELINE', arg: 'FILE', help: 'Known failures that do not fail the run: a summary.json of an earlier run, or {"knownFailures": [{"check", "profile"?, "reason", "expires"?}]}. New failures, and entries past their expiry, still fail it.' },
  { flag: 'ca', env: 'SCIM_CA', arg: 'FILE', help: "Also trust the CA certificate(s) in this PEM file (a private or test CA). The run can then reach such an endpoint; entra.tls.public-ca still fails, since Entra trusts public CAs only." },
  { flag: 'allow-http', env: 'SCIM_ALLOW_HTTP', help: 'Allow plain http:// to a non-loopback host (the token then travels unencrypted).' },
  { flag: 'server-faults', env: 'SCIM_SERVER_FAULTS', arg: 'NAMES', help: 'Embedded server only: switch on named faults (comma-separated) to see failing checks. See --help-faults.' },
  { flag: 'server-variations', env: 'SCIM_SERVER_VARIATIONS', arg: 'NAMES', help: 'Embedded server only: switch on named variations (comma-separated), allowed behaviours no check may fail on. See --help-variations.' },
  { flag: 'matching-attribute', env: 'SCIM_MATCHING_ATTRIBUTE', arg: 'PATH', help: 'The attribute Entra matches users on (userName, externalId, or a SCIM path such as emails[type eq "work"].value): Test Connection and every lookup before a create filter on it. Default: the --mapping\'s matching attribute, else userName.' },
  { flag: 'mapping', env: 'SCIM_MAPPING', arg: 'FILE', help: "The app's provisioning schema as exported from Entra (Microsoft Graph synchronizationSchema JSON): the create and update bodies carry its user attributes, it names the matching attribute, its roles and custom extension attributes turn those features into gating checks, and a disabled group mapping skips the group sequences. \"all\": everything Entra can send, every feature gating. Default: Entra's default mapping of a custom non-gallery app, the optional features probed and reported as capabilities, never gating." },
  { flag: 'reporter', env: 'SCIM_REPORTER', arg: 'NAME', help: 'What the console shows: default (the verdicts, What to fix, then every failed check in full with its curl lines, counts, timing and capabilities) or summary (the verdicts, What to fix and the report paths only, no progress lines: for CI logs; the reports hold the full detail). Default: default' },
  { flag: 'config', env: 'SCIM_CONFIG', arg: 'FILE', help: `Project config file: JSON, or a module exporting an object (.ts with the project's typescript, .mjs, .js, .cjs). Default: the first ${CONFIG_FILE_NAMES.join(', ')} in the working folder or above it.` },
  { flag: 'help', help: 'Show this help.' },
  { flag: 'help-faults', help: 'List the fault switches of the embedded reference server.' },
  { flag: 'help-variations', help: 'List the variation switches of the embedded reference server, with the verdicts each must leave clean.' },
  { flag: 'version', help: 'Show the version.' },
];

const AAD_FLAG = 'aadoptscim062020';
const DOWNGRADE_FLAG = 'azureadscimpatch2017';

export function parseFlags(argv: readonly string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new ConfigError(`unexpected argument "${arg}"`);
    const spec = OPTIONS.find((o) => o.flag === m[1]);
    if (!spec) throw new ConfigError(`unknown option --${m[1]}`);
    if (flags.has(spec.flag)) throw new ConfigError(`--${spec.flag} given twice`);
    if (!spec.arg) {
      if (m[2] !== undefined) throw new ConfigError(`--${spec.flag} takes no value`);
      flags.set(spec.flag, true);
    } else if (m[2] !== undefined) {
      flags.set(spec.flag, m[2]);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`--${spec.flag} needs a value (${spec.arg})`);
      flags.set(spec.flag, next);
      i++;
    }
  }
  return flags;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Reads a tenant URL the way Entra does: resource paths are appended, the feature flag is not. */
export function parseTenantUrl(raw: string, allowHttp: boolean): { baseUrl: string; flagProfile?: Profile } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`the URL "${raw}" is not a valid absolute URL (example: https://contoso.example.com/scim/v2/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`the URL must be https:// (got ${url.protocol}//)`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowHttp) {
    throw new ConfigError(`refusing plain http:// to ${url.hostname}: the token would travel unencrypted (Entra itself requires HTTPS). Use https://, or --allow-http if you mean it.`);
  }
  if (url.username || url.password) throw new ConfigError('the URL must not contain credentials; pass the token with --token or SCIM_TOKEN');
  if (url.hash) throw new ConfigError('the URL must not contain a #fragment');

  let flagProfile: Profile | undefined;
  for (const key of url.searchParams.keys()) {
    const k = key.toLowerCase();
    if (k === AAD_FLAG) flagProfile = 'entra-flag';
    else if (k === DOWNGRADE_FLAG) flagProfile = 'entra';
    else throw new ConfigError(`unsupported query parameter "${key}" in the tenant URL: only aadOptscim062020 and AzureAdScimPatch2017 are understood (how Entra treats other query strings is not documented)`);
  }
  const pathname = url.pathname.replace(/\/+$/, '');
  return { baseUrl: `${url.protocol}//${url.host}${pathname}`, ...(flagProfile ? { flagProfile } : {}) };
}

/**
 * The flags that point another run at this run's target, for a printed replay line: --url (with
 * --allow-http and --ca where this run needed them), or the embedded server's switches. Never the
 * token: a --url run reads it from SCIM_TOKEN (the environment or .env).
 */
export function targetFlags(config: Pick<Config, 'target' | 'ca'>): string {
  const t = config.target;
  if (t.kind === 'embedded') return [t.faults.length > 0 ? `--server-faults ${t.faults.join(',')}` : '', t.variations.length > 0 ? `--server-variations ${t.variations.join(',')}` : ''].filter((f) => f !== '').join(' ');
  const url = new URL(t.baseUrl);
  return [`--url ${shellQuote(t.baseUrl)}`, url.protocol === 'http:' && !isLoopback(url.hostname) ? '--allow-http' : '', config.ca ? `--ca ${shellQuote(config.ca.file)}` : ''].filter((f) => f !== '').join(' ');
}

/**
 * The clients and profiles a run replays. --client picks clients (default: Entra, or the clients of the
 * profiles --profile names); --profile narrows them to some of those clients' profiles; the tenant URL's
 * aadOptscim062020 flag picks Entra's profile when --profile does not.
 */
function selectClients(clientValue: string | undefined, profileValue: string | undefined, flagProfile: Profile | undefined): { clients: Client[]; profiles: Profile[] } {
  const named = profileValue ? parseProfiles(profileValue) : undefined;
  let clients: Client[];
  if (clientValue !== undefined) {
    const value = clientValue.trim().toLowerCase();
    if (value !== 'all' && !isClient(value)) throw new ConfigError(`--client must be one of ${CLIENTS.join(', ')} or all (got "${clientValue}")`);
    clients = value === 'all' ? [...CLIENTS] : [value as Client];
  } else clients = named ? CLIENTS.filter((c) => named.some((p) => clientOf(p) === c)) : ['entra'];
  if (named) {
    const foreign = named.filter((p) => !clients.includes(clientOf(p)));
    if (foreign.length > 0) throw new ConfigError(`--profile ${foreign.join(',')} belongs to no client --client selects (${clients.join(', ')})`);
    return { clients, profiles: named };
  }
  const profiles = clients.flatMap((c) => (c === 'entra' && flagProfile ? [flagProfile] : [...CLIENT_PROFILES[c]]));
  return { clients, profiles };
}

function parseProfiles(value: string): Profile[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new ConfigError('--profile needs at least one profile name');
  for (const n of names) if (!isProfile(n)) throw new ConfigError(`unknown profile "${n}"; choose from ${PROFILES.join(', ')}`);
  return PROFILES.filter((p) => names.includes(p));
}

function parseBoolean(name: string, value: string | true): boolean {
  if (value === true) return true;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off|)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

/** Environment variables, with .env beneath them (a real environment variable wins, as dotenv does). */
export function readEnvironment(env: NodeJS.ProcessEnv, cwd: string): Record<string, string | undefined> {
  const file = path.join(cwd, '.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

export function loadConfig(argv: readonly string[], env: Record<string, string | undefined>, cwd: string, options: LoadOptions = {}): Invocation {
  const flags = parseFlags(argv);
  if (flags.has('help')) return { kind: 'help' };
  if (flags.has('help-faults')) return { kind: 'help-faults' };
  if (flags.has('help-variations')) return { kind: 'help-variations' };
  if (flags.has('version')) return { kind: 'version' };

  const explicitConfig = flags.get('config') ?? (env.SCIM_CONFIG || undefined);
  if (options.configFile === false && explicitConfig !== undefined) throw new ConfigError('a config file is not read here; pass the options themselves');
  const configPath = options.configFile === false ? undefined : findConfigFile(cwd, explicitConfig === true ? undefined : explicitConfig);
  const fromFile = configPath ? readConfigFile(configPath).values : new Map<string, string>();

  const get = (flag: string): string | true | undefined => {
    const spec = OPTIONS.find((o) => o.flag === flag)!;
    if (flags.has(flag)) return flags.get(flag);
    const v = spec.env ? env[spec.env] : undefined;
    return v === undefined || v === '' ? fromFile.get(flag) : v;
  };
  const str = (flag: string): string | undefined => {
    const v = get(flag);
    return v === true ? undefined : v;
  };

  const allowHttp = parseBoolean('--allow-http', get('allow-http') ?? 'false');
  const rawUrl = str('url');
  const faultList = str('server-faults');
  const variationList = str('server-variations');
  const tokenValue = str('token');

  let target: Config['target'];
  let flagProfile: Profile | undefined;
  let token: string;
  if (rawUrl) {
    if (faultList) throw new ConfigError('--server-faults applies to the embedded reference server only; drop --url to use it');
    if (variationList) throw new ConfigError('--server-variations applies to the embedded reference server only; drop --url to use it');
    const parsed = parseTenantUrl(rawUrl, allowHttp);
    target = { kind: 'url', baseUrl: parsed.baseUrl };
    flagProfile = parsed.flagProfile;
    if (!tokenValue) throw new ConfigError('a token is required for a tenant URL: pass --token or set SCIM_TOKEN (in the environment or .env)');
    token = tokenValue;
  } else {
    let faults: FaultName[] = [];
    let variations: VariationName[] = [];
    try {
      faults = parseFaultNames((faultList ?? '').split(','));
      variations = parseVariationNames((variationList ?? '').split(','));
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
    target = { kind: 'embedded', faults, variations };
    // The embedded server gets a fresh random token each run unless one is given.
    token = tokenValue ?? randomBytes(24).toString('base64url');
  }
  if (/[\r\n]/.test(token) || /^bearer\s/i.test(token)) {
    throw new ConfigError('the token must be the bare secret on one line, without a "Bearer " prefix (the prefix is added, as Entra does)');
  }

  const { clients, profiles } = selectClients(str('client'), str('profile'), flagProfile);

  const timeoutRaw = str('timeout') ?? '30000';
  const timeoutMs = Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600000) throw new ConfigError(`--timeout must be a whole number of milliseconds between 100 and 600000 (got "${timeoutRaw}")`);

  const maxRaw = str('max-response-bytes') ?? '4194304';
  const maxResponseBytes = Number(maxRaw);
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1024 || maxResponseBytes > 512 * 1024 * 1024) throw new ConfigError(`--max-response-bytes must be a whole number of bytes between 1024 and 536870912 (got "${maxRaw}")`);

  const failOn = (str('fail-on') ?? 'must').toLowerCase();
  if (failOn !== 'must' && failOn !== 'should') throw new ConfigError(`--fail-on must be "must" or "should" (got "${failOn}")`);

  const gate = (str('gate') ?? 'all').toLowerCase();
  if (!(GATES as readonly string[]).includes(gate)) throw new ConfigError(`--gate must be one of ${GATES.join(', ')} (got "${gate}")`);
  // A client's verdict the run does not replay would pass on nothing: refuse to gate on it.
  if (isClient(gate) && !clients.includes(gate)) throw new ConfigError(`--gate ${gate} gates the ${CLIENT_TITLES[gate]} verdict, but the run replays ${clients.join(' and ')} traffic only: add --client ${gate} (or --client all)`);

  const seedRaw = str('seed');
  const seedSource: SeedSource = seedRaw === undefined ? 'default' : seedRaw.trim().toLowerCase() === 'random' ? 'random' : 'given';
  const seed = seedSource === 'default' ? DEFAULT_SEED : seedSource === 'random' ? randomBytes(4).readInt32BE(0) : Number(seedRaw);
  if (!Number.isSafeInteger(seed) || Math.abs(seed) > 2 ** 31) throw new ConfigError(`--seed must be a whole number (32-bit) or "random" (got "${seedRaw}")`);

  const runsRaw = str('runs');
  const runs = runsRaw === undefined ? undefined : Number(runsRaw);
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1 || runs > 10000)) throw new ConfigError(`--runs must be a whole number between 1 and 10000 (got "${runsRaw}")`);

  const replayPath = str('replay-path');
  if (replayPath !== undefined) {
    let target;
    try {
      target = parseReplayPath(replayPath);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
    if (target && !(target.checkId.startsWith('properties.') && hasCheck(target.checkId))) throw new ConfigError(`--replay-path names "${target.checkId}", which is not a property check`);
  }

  const grep = str('grep');
  if (grep !== undefined) {
    try {
      new RegExp(grep);
    } catch (err) {
      throw new ConfigError(`--grep is not a valid regular expression: ${(err as Error).message}`);
    }
  }

  const shardRaw = str('shard');
  let shard: Config['shard'];
  if (shardRaw !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shardRaw.trim());
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new ConfigError(`--shard must be I/N with 1 <= I <= N (got "${shardRaw}")`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }

  const concurrencyRaw = str('concurrency') ?? String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyRaw);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new ConfigError(`--concurrency must be a whole number between 1 and ${MAX_CONCURRENCY} (got "${concurrencyRaw}")`);
  const maxRpsRaw = str('max-rps');
  const maxRps = maxRpsRaw === undefined ? undefined : Number(maxRpsRaw);
  if (maxRps !== undefined && (!Number.isInteger(maxRps) || maxRps < 1 || maxRps > 10000)) throw new ConfigError(`--max-rps must be a whole number of requests per second between 1 and 10000 (got "${maxRpsRaw}")`);

  const deadlineRaw = str('deadline');
  const deadlineMs = deadlineRaw !== undefined ? parseDuration('--deadline', deadlineRaw) : DEFAULT_DEADLINE_MINUTES * 60_000 * Math.max(1, (runs ?? 0) / DEFAULT_RUNS_SCALE);

  const mappingRaw = str('mapping');
  const mappingMode: MappingMode = mappingRaw === undefined || mappingRaw === 'default' ? 'default' : mappingRaw === 'all' ? 'all' : 'file';
  const matchingRaw = str('matching-attribute');
  let mapping: ProvisioningMapping | undefined;
  let matchingAttribute: string;
  try {
    mapping = mappingMode === 'all' ? undefined : mappingMode === 'default' ? loadMappingFile(DEFAULT_MAPPING_FILE, DEFAULT_MAPPING_LABEL) : loadMappingFile(path.resolve(cwd, mappingRaw!));
    matchingAttribute = matchingRaw === undefined ? (mapping?.matchingAttribute ?? 'userName') : readMatchingAttribute(matchingRaw);
  } catch (err) {
    if (err instanceof MappingError) throw new ConfigError(err.message);
    throw err;
  }
  if (mappingMode === 'file' && mapping && matchingRaw !== undefined && matchingAttribute.toLowerCase() !== mapping.matchingAttribute.toLowerCase()) {
    throw new ConfigError(`--matching-attribute ${matchingAttribute} differs from the matching attribute of --mapping ${mappingRaw} (${mapping.matchingAttribute}); drop one of them, or change the matchingPriority in the export`);
  }

  const reporter = (str('reporter') ?? 'default').toLowerCase();
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new ConfigError(`--reporter must be one of ${REPORTERS.join(', ')} (got "${reporter}")`);

  const reportDir = path.resolve(cwd, str('report-dir') ?? 'reports');
  const baselineRaw = str('baseline');
  const baselineFile = baselineRaw === undefined ? undefined : path.resolve(cwd, baselineRaw);
  const caRaw = str('ca');
  let ca: Config['ca'];
  if (caRaw !== undefined) {
    const file = path.resolve(cwd, caRaw);
    try {
      ca = { file, pem: readCaFile(file) };
    } catch (err) {
      throw new ConfigError(`--ca: ${(err as Error).message}`);
    }
  }
  return {
    kind: 'run',
    ...(configPath ? { configFile: configPath } : {}),
    config: Object.freeze({ target, token, clients, profiles, reportDir, timeoutMs, deadlineMs, maxResponseBytes, failOn, gate: gate as Gate, seed, seedSource, ...(runs !== undefined ? { runs } : {}), ...(grep !== undefined ? { grep } : {}), ...(shard ? { shard } : {}), ...(replayPath !== undefined ? { replayPath } : {}), ...(baselineFile !== undefined ? { baselineFile } : {}), ...(ca ? { ca } : {}), matchingAttribute, ...(mapping ? { mapping } : {}), mappingMode, concurrency, ...(maxRps !== undefined ? { maxRps } : {}), reporter: reporter as Reporter }),
  };
}

export function usage(): string {
  const lines = [
    'Usage: scim-conformance [options]',
    '',
    'Replays Microsoft Entra ID provisioning traffic against a SCIM 2.0 endpoint and checks every response.',
    'With no --url it runs against the embedded reference server.',
    '',
    'Options (environment variable in brackets). Flags win over the environment, which wins over .env,',
    `which wins over the project config file (${CONFIG_FILE_NAMES[0]}, see --config):`,
  ];
  for (const o of OPTIONS) {
    const left = `  --${o.flag}${o.arg ? ` ${o.arg}` : ''}${o.env ? ` [${o.env}]` : ''}`;
    lines.push(left, `      ${o.help}`);
  }
  lines.push(
    '',
    'Merge shard reports: scim-conformance merge --report-dir OUT DIR1 DIR2 ...',
    'Compare two runs:    scim-conformance diff OLD/summary.json NEW/summary.json  (exit 1 on new failures)',
    'Delete what a run left behind: scim-conformance sweep --url URL --run-id ID  (only names starting scimc-<ID>-)',
    "Load replay of Entra's initial cycle: scim-conformance scale --users N [--groups M --members-per-group K]  (scale --help)",
    '',
    'Exit codes: 0 no failed or blocked check at the --fail-on level in the verdicts --gate names; 1 at least one;',
    '2 usage or configuration error, the target cannot be reached, no check applied, or an internal error of the harness.',
  );
  return lines.join('\n');
}

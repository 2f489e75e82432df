// `scim-conformance scale --export-artillery DIR`: the scale scenario as an Artillery 2.x test that a
// vendor runs on many machines (Artillery's cloud workers) against staging. DIR gets the test script,
// the scenario data (Entra's bodies as templates, proven equal to plan.ts's), a dependency-free
// processor and a README. The bearer token is never written: the processor reads SCIM_TOKEN at run time.
// The script carries the run's thresholds as ensure conditions (ensure.ts), so `artillery run` exits 1
// when one does not hold.
import fs from 'node:fs';
import path from 'node:path';
import { loadBodies } from '../../sequences/fixtures';
import { type BodyCatalogue, type ScaleOptions } from '../plan';
import { applicableThresholds, type Threshold } from '../thresholds';
import { ensureConditions, SPAN_METRIC, type ExportedCondition } from './ensure';
import { buildScenario, type ArtilleryScenario } from './scenario';
import { PROCESSOR_SOURCE } from './processor-source';

export const SCRIPT_FILE = 'scim-scale.json';
export const SCENARIO_FILE = 'scenario.json';
export const PROCESSOR_FILE = 'processor.js';
export const README_FILE = 'README.md';

/** Virtual users working at once when the caller sets no concurrency. */
export const DEFAULT_ARTILLERY_CONCURRENCY = 8;
/** Seconds before Artillery gives up on a request (the 60 s Microsoft gives as Entra's request timeout; stack notes). */
export const REQUEST_TIMEOUT_S = 60;

export type ArtilleryExportOptions = ScaleOptions & {
  dir: string;
  /** The tenant URL, e.g. https://staging.example.com/scim/v2; `artillery run --target` overrides it. */
  baseUrl: string;
  /** Virtual users at once (each runs units one after another). */
  concurrency?: number;
  /** Requests per second per Artillery worker process; unset: no cap. */
  maxRps?: number;
  /** The body catalogue; default fixtures/entra/bodies.json (what the Entra suites send). */
  bodies?: BodyCatalogue;
  /** The thresholds the script's ensure conditions carry; default: scale mode's defaults. */
  thresholds?: readonly Threshold[];
};

/**
 * The Artillery test script (JSON, which Artillery reads as YAML's subset). `width` parallel request
 * slots: a unit's group sends all its add-members batches at once, as scale mode does.
 */
export function artilleryScript(baseUrl: string, concurrency: number, width: number, conditions: readonly ExportedCondition[]): object {
  const slots = Array.from({ length: width }, (_, k) => ({
    // Method, URL, headers and body are set by the slot's beforeRequest; the processor counts by kind.
    get: { url: '/', ifTrue: `scimcHas${k}`, beforeRequest: `scimcPrepare${k}`, afterResponse: `scimcRecord${k}` },
  }));
  return {
    config: {
      target: baseUrl.replace(/\/+$/, ''),
      // Every virtual user starts at once and takes units until none is left: a closed model like
      // scale mode's --concurrency. An arrivalCount phase runs in one local worker, which keeps the
      // unit queue in one process.
      phases: [{ name: 'entra-cycle', duration: 1, arrivalCount: concurrency }],
      processor: `./${PROCESSOR_FILE}`,
      includeFiles: [`./${SCENARIO_FILE}`],
      // Without a pool Artillery gives each virtual user one socket, which would queue a group's
      // parallel batches one behind the other; the pool allows every slot of every user its own.
      http: { timeout: REQUEST_TIMEOUT_S, pool: concurrency * width },
      // Artillery's bundled ensure plugin: a strict condition that does not hold makes the exit code 1.
      plugins: { ensure: {} },
      ensure: { conditions: conditions.map(({ expression, strict }) => ({ expression, strict })) },
    },
    scenarios: [{ name: 'entra-cycle', flow: [{ loop: [{ function: 'scimcNext' }, { parallel: slots }], whileTrue: 'scimcMore' }] }],
  };
}

function readme(o: ArtilleryExportOptions, s: ArtilleryScenario, concurrency: number, conditions: readonly ExportedCondition[]): string {
  const total = Object.values(s.planned).reduce((a, b) => a + b, 0);
  const counts = Object.entries(s.planned)
    .map(([k, n]) => `| ${k} | ${n} |`)
    .join('\n');
  return `# Scale scenario for Artillery (exported by scim-conformance)

Run ${o.runId}: ${o.users} users, ${o.groups} groups, ${o.membersPerGroup} members per group, profile ${o.profile},
seed ${o.seed}, ${s.units.length - 1} units (a group with its own members, or a chunk of users in no group) and one
probe unit. A complete run sends ${total} requests before retries:

| kind | requests |
| --- | --- |
${counts}

Files: \`${SCRIPT_FILE}\` (the Artillery script), \`${SCENARIO_FILE}\` (Entra's request bodies as templates, the
names and the wave choices), \`${PROCESSOR_FILE}\` (plain CommonJS, no dependencies beyond Artillery). No token is
stored here.

## Run it

Artillery 2.x (\`npm install -g artillery@2.0.21\`, the version this export is tested with):

\`\`\`sh
export SCIM_TOKEN='<bearer token>'          # read by processor.js at run time; never written
export ARTILLERY_DISABLE_TELEMETRY=true
artillery run --output result.json ${SCRIPT_FILE}                             # the exported target
artillery run --target https://staging.example.com/scim/v2 ${SCRIPT_FILE}   # another tenant URL
\`\`\`

Each of the ${concurrency} virtual users takes a unit and sends its requests in order: user lookup -> create ->
identity read, group lookup -> create -> identity read, membership adds in batches of ${o.memberBatch} (a group's
batches all at once), read-back of the sampled users and groups, the incremental wave (read-then-PATCH
updates, disable, deletes) and the cleanup of everything the unit created; then it takes the next unit.
For more concurrency raise \`config.phases[0].arrivalCount\` and set \`config.http.pool\` to ${s.width} times it
(${s.width}: the most requests one unit has in flight).
Units overlap in time, so the phases of different units overlap too (scale mode runs each phase to the end
first). A 429 or 503 is retried after its Retry-After as scale mode does: at most 3 retries, 10 s per wait,
30 s in all.

Read the result in the summary's custom counters: \`scimc.sent.<kind>\` (requests per kind, first attempts),
\`scimc.latency.<kind>\` (ms), \`scimc.status.<kind>.<code>\`, \`scimc.errors.<kind>\` (non-2xx after retries),
\`scimc.throttled.<kind>\`, \`scimc.verify_failed.user|group\` (a read-back that lost a membership or an
attribute), \`scimc.identity_mismatch.*\`, \`scimc.not_sent.<kind>\` (requests skipped because the create they
depend on failed) and \`scimc.units_done\` (${s.units.length} when complete).

## Pass or fail

\`artillery run\` exits 1 when one of these conditions (\`config.ensure\` of \`${SCRIPT_FILE}\`, checked by
Artillery's bundled ensure plugin at the end of the run) does not hold, and prints \`fail:\` with it:

| condition | what it checks |
| --- | --- |
${conditions.map((c) => `| \`${c.expression}\` | ${c.meaning} |`).join('\n')}

A threshold without a request kind judges Entra's requests (\`scimc.replayed.*\`: every kind but the
harness's identity reads, read-backs and cleanup); one with a kind, that kind's. Latency is that of the
answer that stands, after any 429/503 retries; an error is a final answer other than 2xx, or a lookup or
probe that found something. rps is over \`${SPAN_METRIC}\`, this run's first request to its last answer,
which also holds the harness's reads and deletes (units interleave them): a lower bound of Entra's rate.
Set \`ARTILLERY_DISABLE_ENSURE=1\` to see the figures without the verdict.

\`SCIMC_MAX_RPS=<n>\` caps the requests per second of each Artillery worker process${s.maxRps > 0 ? ` (exported: ${s.maxRps})` : ''}.
Do not set \`DEBUG=http\`: Artillery then prints request headers, the token among them.

## Many workers (Artillery's cloud runners)

Artillery's cloud commands (\`artillery run-fargate\`, \`run-aci\`, \`run-lambda\`) give every worker the whole
script; without more, N workers would replay the same users N times and collide. Split the scenario with
\`SCIMC_SHARD=<i>/<n>\`: worker i (0-based) of n runs every n-th unit from i. Launch one run per shard, each
with \`--count 1\` and its own shard, e.g. with a dotenv file per shard that holds \`SCIMC_SHARD\`. The token
belongs in Artillery's secret store (\`--secret SCIM_TOKEN\` reads it from the cloud parameter store), never in
this folder:

\`\`\`sh
for i in 0 1 2 3; do
  printf 'SCIMC_SHARD=%s/4\\n' "$i" > shard-$i.env
  artillery run-fargate --count 1 --dotenv shard-$i.env --secret SCIM_TOKEN --region eu-west-1 ${SCRIPT_FILE} &
done; wait
\`\`\`

(The cloud commands are not exercised by scim-conformance's tests; only \`artillery run\` is.)

## If a run is interrupted

Every resource is named \`scimc-${o.runId}-s...\`. A run stopped early (Ctrl-C, a worker lost, a request that
failed with a network error, which ends that virtual user) leaves the users and groups its units had created
and not yet cleaned up. Remove them with the conformance tool's sweep, which deletes only names with this
run's prefix:

\`\`\`sh
SCIM_TOKEN=... scim-conformance sweep --url <tenant URL> --run-id ${o.runId}
\`\`\`
`;
}

/** Writes the Artillery test into options.dir (created if needed); returns the files written. */
export function exportArtillery(options: ArtilleryExportOptions): { files: string[] } {
  const concurrency = options.concurrency ?? DEFAULT_ARTILLERY_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number ≥ 1, not ${concurrency}`);
  if (!/^https?:\/\//.test(options.baseUrl)) throw new Error(`the base URL must start with http:// or https://, not "${options.baseUrl}"`);
  const scenario = buildScenario(options, options.bodies ?? loadBodies('entra'), options.maxRps ?? 0);
  const conditions = ensureConditions(options, options.thresholds ?? applicableThresholds([], options.maxRps));
  fs.mkdirSync(options.dir, { recursive: true });
  const write = (name: string, text: string) => {
    const file = path.join(options.dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return {
    files: [
      write(SCRIPT_FILE, JSON.stringify(artilleryScript(options.baseUrl, concurrency, scenario.width, conditions), null, 2) + '\n'),
      write(SCENARIO_FILE, JSON.stringify(scenario) + '\n'),
      write(PROCESSOR_FILE, PROCESSOR_SOURCE),
      write(README_FILE, readme(options, scenario, concurrency, conditions)),
    ],
  };
}

// runConformance() inside a test that runs under an Allure integration (a vendor's jest suite with
// `testEnvironment: 'allure-jest/node'`): the run's checks become Allure steps of that test. One step
// per suite; in it one per check and profile, with summary.json's status and message and the exchanges
// it judged attached (requests, responses, curl chains; token redacted); in that one per application
// (sequence › step) with its status. The steps are
// allure.ts's allureChecks(), the same mapping the harness's own allure-results/ are written from, so
// a check reads the same in both places. Outside such a test (the CLI, a plain jest run) the cost is
// one look at a global.
//
// The steps are replayed after the run through allure-js-commons' runtime messages (the protocol
// behind allure.step and allure.attachment), because the public calls cannot give a step the status
// the run found (blocked is Allure's "broken", skipped is "skipped") or its own times.
import { Status } from 'allure-js-commons';
import type { RuntimeMessage } from 'allure-js-commons/dist/types/sdk/types';
import type { Suite } from '../checks/types';
import type { Redactor } from '../http/redact';
import { allureChecks, SUITE_TITLES, type AllureCheck, type Attachment } from './allure';
import type { CheckApplication } from './outcome';
import type { Summary } from './summary';

/** The part of allure-js-commons' MessageTestRuntime used here (allure-jest's runtime is one). */
interface MessageRuntime {
  sendMessage(message: RuntimeMessage): PromiseLike<void>;
  sendMessageSync?(message: RuntimeMessage): void;
}

// The package's "exports" name this entry point; the project's TypeScript resolution (node10) does
// not read "exports", node does, so the types come from the file they live in.
type RuntimeEntry = typeof import('allure-js-commons/dist/types/sdk/runtime/index');

/** The Allure runtime of the test running now, or undefined outside an Allure integration. */
export function currentAllureRuntime(): MessageRuntime | undefined {
  const { getGlobalTestRuntime } = require('allure-js-commons/sdk/runtime') as RuntimeEntry;
  const runtime = getGlobalTestRuntime() as Partial<MessageRuntime>;
  // The no-op runtime allure-js-commons returns outside a test has no sendMessage.
  return typeof runtime.sendMessage === 'function' ? (runtime as MessageRuntime) : undefined;
}

/** A group's status: failed beats broken beats passed; all skipped is skipped. */
function worst(statuses: readonly (Status | undefined)[]): Status {
  for (const s of [Status.FAILED, Status.BROKEN, Status.PASSED]) if (statuses.includes(s)) return s;
  return Status.SKIPPED;
}

/**
 * Everything a check's applications attach, as one text: each exchange once, under the first step
 * that judged it. One attachment per check, not per application: allure-jest writes every
 * attachment as its own file with an fsync (7 ms each on this project's machine under load), and a
 * full run's 3,000 per-application attachments added 21 s to it where these 200 add under 2 s.
 */
function exchangesOf(steps: AllureCheck['steps'], textOf: (a: Attachment) => string): { text: string; count: number } | undefined {
  const seen = new Set<Attachment>();
  const parts: string[] = [];
  for (const { step, attachments } of steps) {
    const fresh = attachments.filter((a) => !seen.has(a));
    if (fresh.length === 0) continue;
    for (const a of fresh) seen.add(a);
    parts.push([`=== ${step.name}: ${step.status} ===`, ...fresh.map((a) => `--- ${a.name} ---\n${textOf(a)}`)].join('\n'));
  }
  return parts.length === 0 ? undefined : { text: parts.join('\n\n'), count: parts.length };
}

/**
 * Replays the run's checks as steps of the current Allure test; returns how many steps and
 * attachments were sent (0 and 0 outside an Allure test). Every text passes the redactor.
 */
export async function reportToAllureRuntime(summary: Summary, apps: readonly CheckApplication[], attachmentsOf: (test: string | undefined) => readonly Attachment[], redactor: Redactor, runtime = currentAllureRuntime()): Promise<{ steps: number; attachments: number }> {
  const sent = { steps: 0, attachments: 0 };
  if (runtime === undefined) return sent;
  const send = runtime.sendMessageSync ? async (m: RuntimeMessage) => runtime.sendMessageSync!(m) : (m: RuntimeMessage) => runtime.sendMessage(m);
  const start = async (name: string, at: number) => {
    sent.steps++;
    await send({ type: 'step_start', data: { name: redactor.text(name), start: at } });
  };
  const stop = (status: Status, at: number, message?: string) => send({ type: 'step_stop', data: { status, stop: at, ...(message !== undefined ? { statusDetails: { message: redactor.text(message) } } : {}) } });

  // An exchange is judged by several checks: rendered once.
  const texts = new Map<Attachment, string>();
  const textOf = (a: Attachment) => {
    let text = texts.get(a);
    if (text === undefined) texts.set(a, (text = a.text()));
    return text;
  };
  const bySuite = new Map<Suite, AllureCheck[]>();
  for (const c of allureChecks(summary, apps, attachmentsOf)) {
    const list = bySuite.get(c.row.suite);
    if (list) list.push(c);
    else bySuite.set(c.row.suite, [c]);
  }
  const startedAt = Date.parse(summary.startedAt);
  for (const [suite, checks] of bySuite) {
    await start(`${SUITE_TITLES[suite]}: ${checks.length} check${checks.length === 1 ? '' : 's'}`, startedAt);
    for (const { result, steps } of checks) {
      await start(result.name ?? result.fullName ?? '', result.start ?? startedAt);
      for (const { step } of steps) {
        await start(step.name ?? '', step.start ?? startedAt);
        await stop(step.status ?? Status.BROKEN, step.stop ?? startedAt, step.statusDetails.message);
      }
      const exchanges = exchangesOf(steps, textOf);
      if (exchanges !== undefined) {
        sent.attachments++;
        await send({ type: 'attachment_content', data: { name: `requests and responses (${exchanges.count})`, content: redactor.text(exchanges.text), encoding: 'utf8', contentType: 'text/plain' } });
      }
      await stop(result.status ?? Status.BROKEN, result.stop ?? startedAt, result.statusDetails.message);
    }
    const end = Math.max(startedAt, ...checks.map((c) => c.result.stop ?? startedAt));
    await stop(worst(checks.map((c) => c.result.status)), end);
  }
  return sent;
}

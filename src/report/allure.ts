// Allure labels for one check application: epic = suite, feature = requirement, story = check id,
// severity from the level, a link to the requirement's text. Sent in as few runtime messages as
// possible (one): each one costs a round trip through allure-jest, and a run has about 2,700 tests.
import * as allure from 'allure-js-commons';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { Profile } from '../profiles';
import { formatApplication } from './format';
import type { CheckApplication } from './outcome';

export const SUITE_TITLES: Record<Suite, string> = { entra: 'Entra interoperability', rfc7643: 'RFC 7643 schema', rfc7644: 'RFC 7644 protocol', properties: 'Properties (random Entra traffic)' };
const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' };

/** allure-js-commons' runtime message: what its facade functions (labels, parameter, …) each send alone. */
interface MetadataMessage {
  type: 'metadata';
  data: { labels: Array<{ name: string; value: string }>; parameters: Array<{ name: string; value: string }>; description: string; links?: Array<{ url: string; name: string }> };
}

/** The test runtime allure-jest's environment installs in the suites' realm, when there is one. */
function messageRuntime(): { sendMessage(message: MetadataMessage): Promise<void> } | undefined {
  const runtime = (globalThis as { allureTestRuntime?: () => unknown }).allureTestRuntime?.();
  return runtime && typeof (runtime as { sendMessage?: unknown }).sendMessage === 'function' ? (runtime as { sendMessage(message: MetadataMessage): Promise<void> }) : undefined;
}

export async function labelForAllure(check: CheckDefinition, profile: Profile, where: string): Promise<void> {
  const labels = [
    { name: 'epic', value: SUITE_TITLES[check.suite] },
    { name: 'feature', value: check.requirement.ref },
    { name: 'story', value: check.id },
    { name: 'severity', value: SEVERITY[check.level] },
    { name: 'tag', value: profile },
  ];
  const description = `${check.title}\n\n> ${check.quote}\n\nLevel: ${check.level}; profile: ${profile}`;
  const runtime = messageRuntime();
  if (runtime) {
    // One message instead of four: the same metadata, a quarter of the round trips through allure-jest.
    await runtime.sendMessage({
      type: 'metadata',
      data: { labels, parameters: [{ name: 'step', value: where }], description, ...(check.requirement.url ? { links: [{ url: check.requirement.url, name: check.requirement.ref }] } : {}) },
    });
    return;
  }
  await allure.labels(...labels);
  await allure.parameter('step', where);
  await allure.description(description);
  if (check.requirement.url) await allure.link(check.requirement.url, check.requirement.ref);
}

/**
 * How a jest test ends when its check did not pass. The error's name is what Allure reads: an
 * assertion-like name shows a failure as "failed"; anything else shows as "broken", which is what
 * a blocked check and a harness error are (they judged nothing). The message is the formatted result.
 */
export function endTest(check: CheckDefinition, app: CheckApplication): never {
  const error = new Error(formatApplication(check, app));
  error.name = app.status === 'failed' ? 'CheckAssertionFailure' : app.status === 'blocked' ? 'CheckBlocked' : 'HarnessError';
  throw error;
}

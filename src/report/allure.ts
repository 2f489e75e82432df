// Allure labels for one check application: epic = suite, feature = requirement, story = check id,
// severity from the level, a link to the requirement's text. Sent in as few runtime messages as
// possible: each one costs a round trip through allure-jest, and a run has about a thousand tests.
import * as allure from 'allure-js-commons';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { Profile } from '../profiles';
import { formatApplication } from './format';
import type { CheckApplication } from './outcome';

export const SUITE_TITLES: Record<Suite, string> = { entra: 'Entra interoperability', rfc7643: 'RFC 7643 schema', rfc7644: 'RFC 7644 protocol', properties: 'Properties (random Entra traffic)' };
const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' };

export async function labelForAllure(check: CheckDefinition, profile: Profile, where: string): Promise<void> {
  await allure.labels(
    { name: 'epic', value: SUITE_TITLES[check.suite] },
    { name: 'feature', value: check.requirement.ref },
    { name: 'story', value: check.id },
    { name: 'severity', value: SEVERITY[check.level] },
    { name: 'tag', value: profile },
  );
  await allure.parameter('step', where);
  await allure.description(`${check.title}\n\n> ${check.quote}\n\nLevel: ${check.level}; profile: ${profile}`);
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

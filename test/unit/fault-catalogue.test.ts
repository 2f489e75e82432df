// docs/fault-catalogue.md is what scripts/fault-catalogue.ts generates today, and the catalogue it is made
// from holds: every check it names exists, a check cited for a sentence of another section says why, and a
// sentence counted covered has a fault its checks are proven to fail on.
import fs from 'node:fs';
import { coverage, DOC, loadCatalogue, problems, README, renderDoc, statusOf, withReadmeCoverage, type Catalogue } from '../../scripts/fault-catalogue';

const cat = loadCatalogue();

/** The catalogue with one requirement changed, for the tests that the validation can fail. */
function withRequirement(id: string, change: (r: Catalogue['requirements'][number]) => object): Catalogue {
  return { ...cat, requirements: cat.requirements.map((r) => (r.id === id ? { ...r, ...change(r) } : r)) };
}

describe('fault catalogue (docs/fault-catalogue.md)', () => {
  test('docs/fault-catalogue.md carries the current generated document (regenerate: npm run fault-catalogue -- --write)', () => {
    expect(fs.readFileSync(DOC, 'utf8')).toBe(renderDoc(cat));
  });

  test("README.md quotes the current coverage figures (regenerate: npm run fault-catalogue -- --write)", () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme).toBe(withReadmeCoverage(readme, coverage(cat)));
  });

  test('the catalogue has no problems: known checks and faults, sections explained, covered sentences with a fault', () => {
    expect(problems(cat)).toEqual([]);
  });

  test('every sentence is counted once: covered, uncovered with a reason, out of scope or a restatement', () => {
    const c = coverage(cat);
    expect(c.covered + (c.violable - c.covered) + c.outOfScope + c.restated).toBe(cat.requirements.length);
    for (const r of cat.requirements.filter((x) => statusOf(x) === 'uncovered')) expect({ id: r.id, reason: typeof r.uncovered }).toEqual({ id: r.id, reason: 'string' });
  });

  test('an unknown check id is a problem', () => {
    const target = cat.requirements.find((r) => statusOf(r) === 'covered')!;
    expect(problems(withRequirement(target.id, (r) => ({ checks: [...(r.checks ?? []), 'rfc7644.no.such-check'] })))).toContain(`${target.id}: unknown check rfc7644.no.such-check`);
  });

  test('a check of another section without "via" is a problem', () => {
    // rfc7644.create.status-201 cites RFC 7644 §3.3; the WWW-Authenticate sentence is §2.
    const target = cat.requirements.find((r) => r.id === '7644-2-www-authenticate')!;
    expect(problems(withRequirement(target.id, (r) => ({ checks: [...(r.checks ?? []), 'rfc7644.create.status-201'] })))).toContainEqual(expect.stringMatching(/^7644-2-www-authenticate: rfc7644\.create\.status-201 cites RFC7644 §3\.3/));
  });

  test('a sentence counted covered without a fault, or with a fault its checks do not name, is a problem', () => {
    const target = cat.requirements.find((r) => r.id === '7644-2-www-authenticate')!;
    expect(problems(withRequirement(target.id, () => ({ faults: ['delete-soft'] })))).toContain(`${target.id}: fault delete-soft is in no provenBy of its checks, so nothing proves they fail on it`);
    expect(problems(withRequirement(target.id, () => ({ faults: [] })))).toContain(`${target.id}: checks without a fault and no uncovered reason`);
  });
});

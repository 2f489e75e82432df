// The README's catalogue coverage is what scripts/catalogue-table.ts generates from the fixtures and the
// check registry today, and every catalogue request is either replayed or given a reason.
import fs from 'node:fs';
import { CATALOGUE, catalogueSection, END, NOT_REPLAYED, README, replayedRequests, START } from '../../scripts/catalogue-table';
import { loadSequenceFiles } from '../../src/sequences/fixtures';

describe('catalogue coverage (README)', () => {
  test('README.md carries the current generated section (regenerate: npm run catalogue-table -- --write)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(readme.slice(a + START.length, b).trim()).toBe(catalogueSection().trim());
  });

  test('every catalogue request is replayed or listed with a reason, never both', () => {
    const replayed = replayedRequests();
    const listed = (id: string) => NOT_REPLAYED.some((n) => n.item.startsWith(`${id} `));
    expect(CATALOGUE.filter((c) => !replayed.has(c.id) && !listed(c.id)).map((c) => c.id)).toEqual([]);
    expect(CATALOGUE.filter((c) => replayed.has(c.id) && listed(c.id)).map((c) => c.id)).toEqual([]);
  });

  test('every step names a request of the catalogue', () => {
    const known = new Set(CATALOGUE.map((c) => c.id));
    const unknown = loadSequenceFiles('entra').flatMap(({ file }) => file.sequences.flatMap((s) => s.steps.filter((st) => st.catalogue && !known.has(st.catalogue)).map((st) => `${s.id} › ${st.name}: ${st.catalogue}`)));
    expect(unknown).toEqual([]);
  });
});

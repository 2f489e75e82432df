// The catalogue coverage of docs/entra-traffic.md is what scripts/catalogue-table.ts generates from the
// fixtures and the check registry today, every catalogue request is either replayed or given a reason,
// and every source it cites has a public page a vendor can open.
import fs from 'node:fs';
import { CATALOGUE, catalogueSection, DOC, END, NOT_REPLAYED, replayedRequests, SOURCES, START } from '../../scripts/catalogue-table';
import { loadSequenceFiles } from '../../src/sequences/fixtures';

describe('catalogue coverage (docs/entra-traffic.md)', () => {
  test('docs/entra-traffic.md carries the current generated section (regenerate: npm run catalogue-table -- --write)', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(doc.slice(a + START.length, b).trim()).toBe(catalogueSection().trim());
  });

  test('every source tag of the catalogue has a public page', () => {
    const tags = new Set(CATALOGUE.flatMap((c) => c.source.match(/\bS\d+\b/g) ?? []));
    expect([...tags].filter((t) => SOURCES[t] === undefined)).toEqual([]);
    for (const s of Object.values(SOURCES)) expect(s.url).toMatch(/^https:\/\//);
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

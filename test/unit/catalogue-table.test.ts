// The catalogue coverage of each client's traffic page (docs/entra-traffic.md, docs/okta-traffic.md) is
// what scripts/catalogue-table.ts generates from the fixtures and the check registry today, every
// catalogue request of Entra's is either replayed or given a reason, and every source it cites has a
// public page a vendor can open (or, for Okta's, says it has none).
import fs from 'node:fs';
import { catalogueSection, CLIENT_CATALOGUES, END, reasoned, replayedRequests, START } from '../../scripts/catalogue-table';
import { CLIENTS } from '../../src/profiles';
import { loadSequenceFiles } from '../../src/sequences/fixtures';

describe.each(CLIENTS.map((client) => CLIENT_CATALOGUES[client]))('catalogue coverage of $client ($doc)', (cat) => {
  test('the page carries the current generated section (regenerate: npm run catalogue-table -- --write)', () => {
    const doc = fs.readFileSync(cat.doc, 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(doc.slice(a + START.length, b).trim()).toBe(catalogueSection(cat).trim());
  });

  test('every source tag of the catalogue has a page; a public one unless the source has no public address', () => {
    const tags = new Set(cat.requests.flatMap((c) => c.source.match(/\bS\d+\b/g) ?? []));
    expect([...tags].filter((t) => cat.sources[t] === undefined)).toEqual([]);
    for (const s of Object.values(cat.sources)) {
      if (s.url !== undefined) expect(s.url).toMatch(/^https:\/\//);
      else expect(s.title).toMatch(/not resolved|no public/);
    }
  });

  test('no catalogue request is both replayed and listed as not replayed', () => {
    const replayed = replayedRequests(cat);
    expect(cat.requests.filter((c) => replayed.has(c.id) && reasoned(cat, c.id)).map((c) => c.id)).toEqual([]);
  });

  test('every step names a request of the catalogue', () => {
    const known = new Set(cat.requests.map((c) => c.id));
    const unknown = loadSequenceFiles(cat.client).flatMap(({ file }) => file.sequences.flatMap((s) => s.steps.filter((st) => st.catalogue && !known.has(st.catalogue)).map((st) => `${s.id} › ${st.name}: ${st.catalogue}`)));
    expect(unknown).toEqual([]);
  });
});

test.each(['entra', 'okta'] as const)("every request of %s's catalogue is replayed or listed with a reason", (client) => {
  const cat = CLIENT_CATALOGUES[client];
  const replayed = replayedRequests(cat);
  expect(cat.requests.filter((c) => !replayed.has(c.id) && !reasoned(cat, c.id)).map((c) => c.id)).toEqual([]);
});

// The option lists of the documentation are what scripts/options-table.ts generates from the parsers'
// own lists (OPTIONS and CONFIG_FILE_KEYS in src/config.ts, SCALE_USAGE in src/scale/cli.ts), so an
// option cannot be added, renamed or dropped without the documentation following.
import fs from 'node:fs';
import { CONFIG_FILE_KEYS, OPTIONS } from '../../src/config';
import { currentSection, optionsTable, SECTIONS } from '../../scripts/options-table';

test.each(SECTIONS.map((s) => [s.name, s] as const))('%s is current (regenerate: npm run options-table -- --write)', (_name, section) => {
  expect(currentSection(fs.readFileSync(section.file, 'utf8'), section.name)).toBe(section.generate().trim());
});

test('the options table has one row per option, with its environment variable and config file key', () => {
  const rows = optionsTable().split('\n').slice(2);
  expect(rows).toHaveLength(OPTIONS.length);
  for (const o of OPTIONS) {
    const row = rows.find((r) => r.startsWith(`| \`--${o.flag}`))!;
    expect(row).toBeDefined();
    if (o.env) expect(row).toContain(`\`${o.env}\``);
  }
  for (const key of Object.keys(CONFIG_FILE_KEYS)) expect(rows.filter((r) => r.includes(`| \`${key}\` |`))).toHaveLength(1);
  // Cells never break the table: four columns in every row.
  for (const r of rows) expect(r.replace(/\\\|/g, '').split('|')).toHaveLength(6);
});

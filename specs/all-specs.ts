// Every *.spec file of specs/ in one jest test file, for an unsharded run (src/runner/jest-run.ts).
// jest runs its files one after another, so with one file per suite the longest sequence of each
// file would add up; here every sequence and property of every suite starts in the same beforeAll
// phase and shares the run's limiter. Sharded runs (--shard) run the spec files themselves.
import fs from 'node:fs';
import path from 'node:path';

const ext = path.extname(__filename);
for (const file of fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(`.spec${ext}`)).sort()) {
  require(path.join(__dirname, file));
}

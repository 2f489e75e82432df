// Finds the sequence fixture files of a folder (fixtures/entra, fixtures/rfc): every *.json but the
// folder's body catalogue (bodies.json). A new sequence file is picked up by the one spec that replays
// the folder, and by the fixture self-tests, with nothing else to register.
import fs from 'node:fs';
import path from 'node:path';
import type { SequenceFile } from './types';

export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'fixtures');

export const BODIES_FILE = 'bodies.json';

export interface LoadedSequenceFile {
  /** "entra/users.json". */
  name: string;
  /**
   * Keeps the resource names of the file's runs apart from every other file's
   * (scimc-<run>-<tag><profile><n>-…): the file name, lower-case letters and digits only.
   */
  tag: string;
  /** The file's sequences with the folder's body catalogue. */
  file: SequenceFile;
  /** The file as written (without the catalogue), for the schema lint. */
  raw: unknown;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

export function tagOf(fileName: string): string {
  return path.basename(fileName, '.json').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The folder's body catalogue as written. */
export function loadBodies(folder: string): Record<string, unknown> {
  return readJson(path.join(FIXTURES_DIR, folder, BODIES_FILE)) as Record<string, unknown>;
}

/** Every sequence file of `folder` (a folder of fixtures/), sorted by name; throws on a duplicate tag. */
export function loadSequenceFiles(folder: string): LoadedSequenceFile[] {
  const dir = path.join(FIXTURES_DIR, folder);
  const bodies = loadBodies(folder);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== BODIES_FILE)
    .sort();
  const seen = new Map<string, string>();
  return files.map((f) => {
    const tag = tagOf(f);
    if (tag === '') throw new Error(`fixtures/${folder}/${f}: the file name gives no resource-name tag (letters or digits)`);
    const other = seen.get(tag);
    if (other !== undefined) throw new Error(`fixtures/${folder}/${f} and ${other} give the same resource-name tag "${tag}": rename one`);
    seen.set(tag, f);
    const raw = readJson(path.join(dir, f));
    return { name: `${folder}/${f}`, tag, raw, file: { bodies, ...(raw as object) } as SequenceFile };
  });
}

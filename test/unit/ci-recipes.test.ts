// The CI recipes in ci-recipes/ (and README, which includes them) run commands that exist: every
// scim-conformance invocation uses the installed package at this version, and only flags that
// --help lists (the OPTIONS table behind it). Each recipe publishes junit.xml to its CI's test view.
import fs from 'node:fs';
import path from 'node:path';
import { OPTIONS, usage } from '../../src/config';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'ci-recipes');
const RECIPES = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The shell commands of a recipe: the values of run:, script: and script list items (one line each). */
export function commandsOf(yaml: string): string[] {
  const out: string[] = [];
  for (const raw of yaml.split('\n')) {
    if (/^\s*#/.test(raw)) continue;
    const m = /^\s*(?:-\s+)?(?:(?:run|script):\s*)?(.*)$/.exec(raw)!;
    const isCommand = /^\s*(?:-\s+)?(?:run|script):\s*\S/.test(raw) || /^\s*-\s+(?![\w.-]+:\s)/.test(raw);
    if (isCommand) out.push(m[1]!.trim());
  }
  return out;
}

/** Words of a command line, with "double" and 'single' quotes removed. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The scim-conformance invocations of a recipe: the executable word and its arguments. */
function invocations(yaml: string): Array<{ exe: string; args: string[] }> {
  const found: Array<{ exe: string; args: string[] }> = [];
  for (const command of commandsOf(yaml)) {
    for (const part of command.split(/&&|\|\||;/)) {
      const w = words(part);
      const i = w.findIndex((x) => /^scim-conformance(@.*)?$/.test(x));
      if (i >= 0) found.push({ exe: w[i]!, args: w.slice(i + 1) });
    }
  }
  return found;
}

const helpText = usage();
const SUBCOMMANDS: Record<string, string[]> = { merge: ['report-dir'], diff: [], sweep: ['url', 'run-id', 'token', 'timeout'] };

describe.each(RECIPES)('ci-recipes/%s', (name) => {
  const text = fs.readFileSync(path.join(DIR, name), 'utf8');

  test('is YAML this extractor can read: spaces only, and at least one scim-conformance command', () => {
    expect(text).not.toMatch(/\t/);
    expect(invocations(text).length).toBeGreaterThan(0);
  });

  test('runs the installed package, pinned to this version, with flags --help lists', () => {
    for (const { exe, args } of invocations(text)) {
      expect(exe).toBe(`scim-conformance@${VERSION}`);
      const sub = args[0] !== undefined && !args[0].startsWith('-') ? args.shift()! : undefined;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (!a.startsWith('--')) {
          expect({ a, sub }).toEqual({ a, sub: expect.stringMatching(/^(merge|diff)$/) }); // their folders
          continue;
        }
        const flag = a.slice(2).split('=')[0]!;
        if (sub) {
          expect(SUBCOMMANDS[sub]).toContain(flag);
          if (!a.includes('=')) i++;
          continue;
        }
        const spec = OPTIONS.find((o) => o.flag === flag);
        expect({ flag, known: spec !== undefined }).toEqual({ flag, known: true });
        expect(helpText).toContain(`--${flag}`);
        if (spec!.arg && !a.includes('=')) {
          expect(args[i + 1]).toBeDefined();
          i++;
        }
      }
    }
  });

  test('runs no checkout of this repository, and publishes junit.xml', () => {
    expect(text).not.toMatch(/npm start|bin\/scim-conformance|git clone|scim-conformance\.git/);
    expect(text).toMatch(/junit\.xml/);
    expect(text).toMatch(/SCIM_TOKEN/);
  });

  test('is included in README word for word', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(text.trimEnd());
  });
});

test('the extractor finds the commands of run:, script: and list items', () => {
  expect(commandsOf('steps:\n  - run: a --x\n  - uses: foo@v1\nscript:\n  - b "--y z"\n  # c\n  - script: d\n    env: {}\n')).toEqual(['a --x', 'b "--y z"', 'd']);
  expect(invocations('  - run: npx --yes scim-conformance@1.0.0 --url "$U" --report-dir r && echo done')).toEqual([{ exe: 'scim-conformance@1.0.0', args: ['--url', '$U', '--report-dir', 'r'] }]);
});

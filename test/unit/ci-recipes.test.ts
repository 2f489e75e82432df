// The CI recipes in ci-recipes/ (and docs/ci.md, which includes them; README's short job too) run
// commands that exist: each installs the project's dependencies with npm ci, then runs the project's
// own scim-conformance (a devDependency its lockfile pins: no version fetched at run time, so the same
// recipe works for a committed tarball, a git URL or the registry) with only the flags --help lists
// (the OPTIONS table behind it). Each recipe publishes junit.xml to its CI's test view.
import fs from 'node:fs';
import path from 'node:path';
import { OPTIONS, usage } from '../../src/config';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'ci-recipes');
const RECIPES = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml'));

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

  test('installs with npm ci, then runs the installed package with flags --help lists', () => {
    const commands = commandsOf(text);
    const install = commands.indexOf('npm ci');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(commands.findIndex((c) => /\bscim-conformance\b/.test(c))).toBeGreaterThan(install);
    for (const c of commands.filter((c) => /\bscim-conformance\b/.test(c))) expect(c).toMatch(/^npx scim-conformance /);
    checkFlags(invocations(text));
  });

  test('runs no checkout of this repository, and publishes junit.xml', () => {
    expect(text).not.toMatch(/npm start|bin\/scim-conformance|git clone|scim-conformance\.git|scim-conformance@/);
    expect(text).toMatch(/junit\.xml/);
    expect(text).toMatch(/SCIM_TOKEN/);
  });

  test('is included in docs/ci.md word for word', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8')).toContain(text.trimEnd());
  });
});

test("README's short GitHub Actions job is the recipe's, step for step", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const job = /## In CI[\s\S]*?```yaml\n([\s\S]*?)\n```/.exec(readme)![1]!;
  const recipe = fs.readFileSync(path.join(DIR, 'github-actions.yml'), 'utf8');
  for (const line of job.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
    const step = line.replace(/^\s*- run:/, '').trim();
    expect({ line, inRecipe: recipe.split('\n').some((r) => r.includes(step)) }).toEqual({ line, inRecipe: true });
  }
  expect(commandsOf(job)).toEqual(['npm ci', 'npx scim-conformance --url "$SCIM_BASE_URL" --gate entra --reporter summary --report-dir reports']);
  checkFlags(invocations(job));
});

/** Every invocation runs the installed `scim-conformance` with flags (and subcommand flags) that exist. */
function checkFlags(found: Array<{ exe: string; args: string[] }>): void {
  expect(found.length).toBeGreaterThan(0);
  for (const { exe, args } of found) {
    expect(exe).toBe('scim-conformance');
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
}

test('the extractor finds the commands of run:, script: and list items', () => {
  expect(commandsOf('steps:\n  - run: a --x\n  - uses: foo@v1\nscript:\n  - b "--y z"\n  # c\n  - script: d\n    env: {}\n')).toEqual(['a --x', 'b "--y z"', 'd']);
  expect(invocations('  - run: npx --yes scim-conformance@1.0.0 --url "$U" --report-dir r && echo done')).toEqual([{ exe: 'scim-conformance@1.0.0', args: ['--url', '$U', '--report-dir', 'r'] }]);
});

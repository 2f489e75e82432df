// The documentation holds: every relative link of README.md and docs/*.md leads to a file of this
// repository that the package ships as well (a vendor reading the installed package can open it), and to
// a heading that exists; the examples a reader copies work (the config file loads, the baseline reads);
// the release recipe publishes with provenance; the API page names every option runConformance takes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadBaseline } from '../../src/report/baseline';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = [path.join(ROOT, 'README.md'), ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f))];
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Markdown without fenced code blocks, inline code and HTML comments: where links and headings are read. */
function prose(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '));
}

/** GitHub's anchor of a heading (github-slugger): lower case, punctuation dropped, each space a hyphen. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => slug(m[1]!)));
}

interface Link {
  from: string;
  target: string;
}

function links(file: string): Link[] {
  return [...prose(fs.readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ from: rel(file), target: m[1]! }));
}

/** The fenced block that follows `<!-- docs-example: NAME … -->` in a document. */
function example(file: string, name: string): string {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const m = new RegExp(`<!-- docs-example: ${name}\\b[^>]*-->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(text);
  if (!m) throw new Error(`${file} has no docs-example "${name}"`);
  return m[1]!;
}

describe('links in README.md and docs/', () => {
  const all = DOCS.flatMap(links);
  const relative = all.filter((l) => !/^[a-z][a-z+.-]*:/i.test(l.target));
  // The package's file list as npm would pack it (no build: only the paths matter).
  let packed: Set<string>;
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    packed = new Set((JSON.parse(out.slice(out.indexOf('['))) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
  }, 60_000);

  test('there are links to check', () => {
    expect(relative.length).toBeGreaterThan(30);
  });

  test('every relative link leads to a file of the repository that the package ships, and to a heading it has', () => {
    const broken: string[] = [];
    for (const { from, target } of relative) {
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const full = file === '' ? path.join(ROOT, from) : path.resolve(path.dirname(path.join(ROOT, from)), file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) broken.push(`${from}: ${target} (no such file)`);
      else if (!packed.has(rel(full))) broken.push(`${from}: ${target} (not in the package: package.json "files")`);
      else if (anchor !== undefined && full.endsWith('.md') && !anchors(full).has(anchor)) broken.push(`${from}: ${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  test('no document cites a file a vendor cannot open', () => {
    // allowed-behaviours.md cites the maintainers' Entra catalogue by section, and says what it is and
    // where its grades live (fixtures/catalogue/entra.json); its owner replaces those citations.
    const exceptions = ['docs/allowed-behaviours.md'];
    const cited = DOCS.map(rel).filter((f) => !exceptions.includes(f) && /entra-requests\.md|stack-notes\.md|shared\/spec/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(cited).toEqual([]);
  });

  test('every document of docs/ is reachable from README.md', () => {
    const reached = new Set<string>(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const { target } of links(path.join(ROOT, from))) {
        const file = target.split('#')[0]!;
        if (file === '' || /^[a-z][a-z+.-]*:/i.test(file) || !file.endsWith('.md')) continue;
        const to = rel(path.resolve(path.dirname(path.join(ROOT, from)), file));
        if (!reached.has(to) && fs.existsSync(path.join(ROOT, to))) {
          reached.add(to);
          queue.push(to);
        }
      }
    }
    expect(DOCS.map(rel).filter((d) => !reached.has(d))).toEqual([]);
  });

  test('the slug rule gives GitHub anchors', () => {
    expect(slug('Known failures: `--baseline`, and `diff`')).toBe('known-failures---baseline-and-diff');
    expect(slug("Entra's provisioning sequences")).toBe('entras-provisioning-sequences');
    expect(slug('From a tarball (the Quick start)')).toBe('from-a-tarball-the-quick-start');
  });
});

describe('examples a reader copies', () => {
  test('the example config file of docs/options.md loads as a config file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-docs-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'scim-conformance.config.json'), example('docs/options.md', 'config'));
      const invocation = loadConfig([], { SCIM_TOKEN: 'docs-example-token' }, dir);
      expect(invocation).toMatchObject({ kind: 'run', configFile: path.join(dir, 'scim-conformance.config.json'), config: { gate: 'entra', failOn: 'must', reportDir: path.join(dir, 'reports', 'scim') } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the example known-failures file of docs/baseline.md reads as a baseline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-docs-baseline-'));
    try {
      const file = path.join(dir, 'scim-known-failures.json');
      fs.writeFileSync(file, example('docs/baseline.md', 'baseline'));
      expect(loadBaseline(file).known.map((k) => k.check)).toEqual(['entra.users.disable.reads-inactive', 'rfc7644.sort.sort-by']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the release workflow of docs/releasing.md runs on a version tag and publishes with provenance', () => {
    const yaml = example('docs/releasing.md', 'release workflow');
    expect(yaml).not.toMatch(/\t/);
    expect(yaml).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*'\]$/m);
    expect(yaml).toMatch(/^ {6}id-token: write$/m);
    expect(yaml).toMatch(/^ {6}- run: npm ci$/m);
    expect(yaml).toMatch(/^ {6}- run: npm publish --provenance --access public$/m);
  });

  test("every tarball name in the documentation is this version's", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const named = DOCS.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/scim-conformance-(\d+\.\d+\.\d+[\w.-]*)\.tgz/g)].map((m) => `${rel(f)}: ${m[1]}`));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !n.endsWith(`: ${version}`))).toEqual([]);
  });

  test('docs/api.md names every option runConformance takes', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src', 'api.ts'), 'utf8');
    const block = /export interface ConformanceOptions \{([\s\S]*?)\n\}/.exec(source)![1]!;
    const keys = [...block.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(15);
    const api = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
    expect(keys.filter((k) => !api.includes(`\`${k}\``))).toEqual([]);
  });
});

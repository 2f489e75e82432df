import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../selftest/cli';
import { ConfigError, DEFAULT_SEED, loadConfig, parseTenantUrl, type Config } from '../../src/config';

function config(argv: string[], env: Record<string, string> = {}): Config {
  const inv = loadConfig(argv, env, '/work');
  if (inv.kind !== 'run') throw new Error(`expected a run, got ${inv.kind}`);
  return inv.config;
}

describe('tenant URL, read the way Entra reads it', () => {
  test('drops a trailing slash', () => {
    expect(parseTenantUrl('https://contoso.example.com/api/scim/v2/', false)).toEqual({ baseUrl: 'https://contoso.example.com/api/scim/v2' });
  });
  test('recognises ?aadOptscim062020 (any case) and keeps it off resource paths', () => {
    expect(parseTenantUrl('https://contoso.example.com/scim/v2?aadOptscim062020', false)).toEqual({ baseUrl: 'https://contoso.example.com/scim/v2', flagProfile: 'entra-flag' });
    expect(parseTenantUrl('https://contoso.example.com/scim/?AADOPTSCIM062020', false).flagProfile).toBe('entra-flag');
  });
  test('AzureAdScimPatch2017 selects the default shapes', () => {
    expect(parseTenantUrl('https://c.example/scim?AzureAdScimPatch2017', false).flagProfile).toBe('entra');
  });
  test.each([
    ['not a url', /not a valid absolute URL/],
    ['ftp://c.example/scim', /https/],
    ['http://c.example/scim', /refusing plain http/],
    ['https://user:pw@c.example/scim', /credentials/],
    ['https://c.example/scim?tenant=1', /unsupported query parameter "tenant"/],
  ])('rejects %s', (url, message) => {
    expect(() => parseTenantUrl(url, false)).toThrow(message);
  });
  test('allows plain http to loopback, and elsewhere only with --allow-http', () => {
    expect(parseTenantUrl('http://127.0.0.1:8080/scim/', false).baseUrl).toBe('http://127.0.0.1:8080/scim');
    expect(parseTenantUrl('http://localhost/scim', false).baseUrl).toBe('http://localhost/scim');
    expect(parseTenantUrl('http://[::1]:9/scim', false).baseUrl).toBe('http://[::1]:9/scim');
    expect(parseTenantUrl('http://c.example/scim', true).baseUrl).toBe('http://c.example/scim');
  });
});

describe('configuration sources', () => {
  test('no URL: the embedded server with a generated token and both profiles', () => {
    const c = config([]);
    expect(c.target).toEqual({ kind: 'embedded', faults: [], variations: [] });
    expect(c.token.length).toBeGreaterThan(20);
    expect(c.profiles).toEqual(['entra', 'entra-flag']);
    expect(c.failOn).toBe('must');
  });
  test('flags win over the environment', () => {
    const c = config(['--url', 'https://a.example/scim', '--token=flag-token'], { SCIM_BASE_URL: 'https://b.example/scim', SCIM_TOKEN: 'env-token' });
    expect(c.target).toEqual({ kind: 'url', baseUrl: 'https://a.example/scim' });
    expect(c.token).toBe('flag-token');
  });
  test('the environment configures everything', () => {
    const c = config([], { SCIM_BASE_URL: 'https://b.example/scim/?aadOptscim062020', SCIM_TOKEN: 't0k3n', SCIM_TIMEOUT_MS: '5000', SCIM_FAIL_ON: 'should', SCIM_REPORT_DIR: 'out' });
    expect(c.profiles).toEqual(['entra-flag']);
    expect(c.timeoutMs).toBe(5000);
    expect(c.failOn).toBe('should');
    expect(c.reportDir).toBe('/work/out');
  });
  test('--server-variations (or SCIM_SERVER_VARIATIONS) switches on variations of the embedded server', () => {
    expect(config(['--server-variations', 'no-etag, patch-204']).target).toEqual({ kind: 'embedded', faults: [], variations: ['no-etag', 'patch-204'] });
    expect(config([], { SCIM_SERVER_VARIATIONS: 'no-sort' }).target).toEqual({ kind: 'embedded', faults: [], variations: ['no-sort'] });
  });
  test('--profile overrides the profile a URL flag selects', () => {
    expect(config(['--url', 'https://b.example/s?aadOptscim062020', '--token', 'tttt', '--profile', 'entra,entra-flag']).profiles).toEqual(['entra', 'entra-flag']);
  });
  test.each([
    [['--bogus'], /unknown option --bogus/],
    [['positional'], /unexpected argument/],
    [['--url'], /needs a value/],
    [['--url', 'https://a.example/scim'], /token is required/],
    [['--url', 'https://a.example/scim', '--token', 'Bearer abc'], /without a "Bearer " prefix/],
    [['--profile', 'okta'], /unknown profile "okta"/],
    [['--timeout', '-5'], /--timeout/],
    [['--fail-on', 'may'], /--fail-on/],
    [['--server-faults', 'no-such-fault'], /no-such-fault/],
    [['--url', 'https://a.example/s', '--token', 'tttt', '--server-faults', 'auth-disabled'], /embedded reference server only/],
    [['--server-variations', 'no-such-variation'], /no-such-variation/],
    [['--url', 'https://a.example/s', '--token', 'tttt', '--server-variations', 'no-etag'], /embedded reference server only/],
    [['--allow-http=yes'], /takes no value/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => loadConfig(argv, {}, '/work')).toThrow(ConfigError);
    expect(() => loadConfig(argv, {}, '/work')).toThrow(message);
  });
  test('help and version are recognised', () => {
    expect(loadConfig(['--help'], {}, '/').kind).toBe('help');
    expect(loadConfig(['--version'], {}, '/').kind).toBe('version');
    expect(loadConfig(['--help-faults'], {}, '/').kind).toBe('help-faults');
    expect(loadConfig(['--help-variations'], {}, '/').kind).toBe('help-variations');
  });
});

describe('clients: whose traffic is replayed', () => {
  test('the default is Entra, in both of its profiles', () => {
    expect(config([])).toMatchObject({ clients: ['entra'], profiles: ['entra', 'entra-flag'] });
  });
  test('--client okta replays both Okta profiles; --client all every client; SCIM_CLIENT does the same', () => {
    expect(config(['--client', 'okta'])).toMatchObject({ clients: ['okta'], profiles: ['okta-aiw', 'okta-oin'] });
    expect(config(['--client', 'all'])).toMatchObject({ clients: ['entra', 'okta'], profiles: ['entra', 'entra-flag', 'okta-aiw', 'okta-oin'] });
    expect(config(['--client', 'entra'])).toMatchObject({ clients: ['entra'], profiles: ['entra', 'entra-flag'] });
    expect(config([], { SCIM_CLIENT: 'OKTA' }).clients).toEqual(['okta']);
  });
  test('--profile alone picks the clients of the profiles it names', () => {
    expect(config(['--profile', 'okta-aiw'])).toMatchObject({ clients: ['okta'], profiles: ['okta-aiw'] });
    expect(config(['--profile', 'entra-flag,okta-oin'])).toMatchObject({ clients: ['entra', 'okta'], profiles: ['entra-flag', 'okta-oin'] });
  });
  test('--profile narrows --client to some of its profiles', () => {
    expect(config(['--client', 'all', '--profile', 'okta-oin'])).toMatchObject({ clients: ['entra', 'okta'], profiles: ['okta-oin'] });
  });
  test("the Tenant URL's aadOptscim062020 picks Entra's profile, and leaves Okta's alone", () => {
    expect(config(['--url', 'https://b.example/s?aadOptscim062020', '--token', 'tttt', '--client', 'all']).profiles).toEqual(['entra-flag', 'okta-aiw', 'okta-oin']);
    expect(config(['--url', 'https://b.example/s?aadOptscim062020', '--token', 'tttt', '--client', 'okta']).profiles).toEqual(['okta-aiw', 'okta-oin']);
  });
  test.each([
    [['--client', 'okta', '--profile', 'entra'], /--profile entra belongs to no client --client selects \(okta\)/],
    [['--client', 'entra', '--profile', 'okta-aiw'], /--profile okta-aiw belongs to no client --client selects \(entra\)/],
    [['--client', 'onelogin'], /--client must be one of entra, okta or all \(got "onelogin"\)/],
    [['--client', 'both'], /--client must be one of/],
    [['--gate', 'okta'], /--gate okta gates the Okta verdict, but the run replays entra traffic only: add --client okta/],
    [['--client', 'okta', '--gate', 'entra'], /--gate entra gates the Microsoft Entra ID verdict, but the run replays okta traffic only/],
  ])('refuses %j', (argv, message) => {
    expect(() => config(argv)).toThrow(ConfigError);
    expect(() => config(argv)).toThrow(message);
  });
});

describe('seed and gate', () => {
  test('the default seed is fixed, so two runs of the same endpoint get the same verdict', () => {
    expect(config([])).toMatchObject({ seed: DEFAULT_SEED, seedSource: 'default' });
    expect(config([]).seed).toBe(config([]).seed);
  });
  test('--seed N pins a seed; --seed random explores and is recorded as random', () => {
    expect(config(['--seed', '42'])).toMatchObject({ seed: 42, seedSource: 'given' });
    expect(config(['--seed', 'random']).seedSource).toBe('random');
    expect(() => config(['--seed', 'x'])).toThrow(/whole number \(32-bit\) or "random"/);
  });
  test('--gate is entra, okta, rfc or all (default)', () => {
    expect(config([]).gate).toBe('all');
    expect(config(['--gate', 'entra']).gate).toBe('entra');
    expect(config(['--client', 'okta', '--gate', 'okta']).gate).toBe('okta');
    expect(config([], { SCIM_GATE: 'RFC' }).gate).toBe('rfc');
    expect(() => config(['--gate', 'both'])).toThrow(ConfigError);
  });
});

describe('the project config file', () => {
  function project(name: string, body: string): { root: string; sub: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-config-'));
    const sub = path.join(root, 'packages', 'api');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(root, name), body);
    return { root, sub };
  }
  const load = (argv: string[], env: Record<string, string>, cwd: string) => {
    const inv = loadConfig(argv, env, cwd);
    if (inv.kind !== 'run') throw new Error(inv.kind);
    return inv;
  };

  test('is found from the working folder upward; its paths are relative to the file', () => {
    const { root, sub } = project('scim-conformance.config.json', JSON.stringify({ url: 'https://staging.example.com/scim/v2/', profiles: ['entra'], gate: 'entra', failOn: 'should', reportDir: 'out/scim', baseline: 'known.json', allowHttp: false, timeout: 5000 }));
    const inv = load([], { SCIM_TOKEN: 'a-secret-token' }, sub);
    expect(inv.configFile).toBe(path.join(root, 'scim-conformance.config.json'));
    expect(inv.config).toMatchObject({ target: { kind: 'url', baseUrl: 'https://staging.example.com/scim/v2' }, profiles: ['entra'], gate: 'entra', failOn: 'should', timeoutMs: 5000, reportDir: path.join(root, 'out', 'scim'), baselineFile: path.join(root, 'known.json') });
  });

  test('"client" selects whose traffic is replayed; --client overrides it', () => {
    const { sub } = project('scim-conformance.config.json', JSON.stringify({ client: 'okta', gate: 'okta' }));
    expect(load([], {}, sub).config).toMatchObject({ clients: ['okta'], profiles: ['okta-aiw', 'okta-oin'], gate: 'okta' });
    expect(load(['--client', 'all'], {}, sub).config.clients).toEqual(['entra', 'okta']);
  });

  test('flags override it, and so do the environment and .env', () => {
    const { sub } = project('scim-conformance.config.json', JSON.stringify({ gate: 'entra', failOn: 'should', profiles: 'entra' }));
    const inv = load(['--gate', 'rfc'], { SCIM_FAIL_ON: 'must' }, sub);
    expect(inv.config).toMatchObject({ gate: 'rfc', failOn: 'must', profiles: ['entra'] });
  });

  test('--config names one; a CommonJS module works too', () => {
    const { root } = project('my-scim.cjs', "module.exports = { serverFaults: ['filter-case-sensitive'], seed: 7 };");
    const inv = load(['--config', 'my-scim.cjs'], {}, root);
    expect(inv.config).toMatchObject({ target: { kind: 'embedded', faults: ['filter-case-sensitive'] }, seed: 7, seedSource: 'given' });
  });

  test('a TypeScript config compiles with the project\'s own typescript', () => {
    const { root } = project('scim-conformance.config.ts', "const gate: 'entra' | 'rfc' = 'entra';\nexport default { gate, profiles: ['entra'] as string[] };\n");
    fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    expect(load([], {}, root).config).toMatchObject({ gate: 'entra', profiles: ['entra'] });
  });

  test('an ES module config (.mjs) is read by the CLI', () => {
    const { root } = project('scim-conformance.config.mjs', 'export default { workers: 4 };\n');
    // Read through a real CLI process: jest's module system cannot require() an ES module.
    const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'scim-conformance.js')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown key "workers" in the config file .*scim-conformance\.config\.mjs/);
  });

  test.each([
    [{ token: 'x' }, /holds a token: remove it, and pass the token with SCIM_TOKEN/],
    [{ workers: 4 }, /unknown key "workers" in the config file .*; the keys are: url, profiles/],
    [{ gate: ['entra'] }, /"gate" in the config file .* has the wrong type/],
    [{ gate: 'nope' }, /--gate must be one of/],
    [[1, 2], /must hold an object/],
  ])('refuses %j', (body, message) => {
    const { root } = project('scim-conformance.config.json', JSON.stringify(body));
    expect(() => loadConfig([], {}, root)).toThrow(message);
  });

  test('a missing --config file and an unreadable file are ConfigErrors', () => {
    const { root } = project('scim-conformance.config.json', '{ not json');
    expect(() => loadConfig([], {}, root)).toThrow(/cannot read the config file/);
    expect(() => loadConfig(['--config', 'nope.json'], {}, root)).toThrow(/--config nope.json: no such file/);
  });
});

describe('--concurrency and --max-rps', () => {
  test('default 16 in flight and no rate bound; flag beats environment', () => {
    expect(config([])).toMatchObject({ concurrency: 24 });
    expect(config([]).maxRps).toBeUndefined();
    expect(config(['--concurrency', '4', '--max-rps', '20'], { SCIM_CONCURRENCY: '8', SCIM_MAX_RPS: '50' })).toMatchObject({ concurrency: 4, maxRps: 20 });
    expect(config([], { SCIM_CONCURRENCY: '8', SCIM_MAX_RPS: '50' })).toMatchObject({ concurrency: 8, maxRps: 50 });
  });
  test.each([
    [['--concurrency', '0'], /--concurrency must be a whole number between 1 and 64 \(got "0"\)/],
    [['--concurrency', '2.5'], /--concurrency must be a whole number/],
    [['--concurrency', '65'], /--concurrency must be a whole number between 1 and 64/],
    [['--max-rps', '0'], /--max-rps must be a whole number of requests per second between 1 and 10000 \(got "0"\)/],
    [['--max-rps', 'fast'], /--max-rps must be a whole number/],
  ])('%j is refused', (argv, message) => {
    expect(() => config(argv)).toThrow(ConfigError);
    expect(() => config(argv)).toThrow(message);
  });
});

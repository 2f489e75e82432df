// The TLS probe, the entra.tls judgements, --ca (trust and configuration) and the client's use of it,
// against the reference server's https mode on 127.0.0.1 (TEST-ONLY certificates in fixtures/tls/).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { entraTlsChecks, judgeTls } from '../../src/checks/entra/tls';
import { ConfigError, loadConfig } from '../../src/config';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { TEST_CA_FILE, TLS_FIXTURES_DIR } from '../../src/server/switches/tls';
import { connectionBlocked, probeTls } from '../../src/tls/probe';
import { readCaFile } from '../../src/tls/trust';

const TOKEN = 'unit-tls-token-5e1a';
const TEST_CA = fs.readFileSync(TEST_CA_FILE, 'utf8');

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN, https: true });
});
afterAll(() => server.close());

describe('TLS probe and the entra.tls checks', () => {
  test('the clean https server passes every check when its CA counts as public (the pass path of entra.tls.public-ca)', async () => {
    expect(server.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    const probe = await probeTls(server.baseUrl, { timeoutMs: 5000, publicRoots: [TEST_CA] });
    expect(probe.modern).toMatchObject({ ok: true });
    expect(probe.entraCiphers).toMatchObject({ ok: true, protocol: 'TLSv1.2' });
    expect(probe.certificate).toMatchObject({ keyType: 'RSA', bits: 2048 });
    const statuses = Object.fromEntries(entraTlsChecks.map((c) => [c.id, judgeTls(c.id, probe, server.baseUrl).status]));
    expect(statuses).toEqual(Object.fromEntries(entraTlsChecks.map((c) => [c.id, 'passed'])));
  });

  test('against the real public roots the test CA fails entra.tls.public-ca, with or without --ca, and says what Entra will do', async () => {
    for (const caPem of [undefined, TEST_CA]) {
      const probe = await probeTls(server.baseUrl, { timeoutMs: 5000, ...(caPem ? { caPem } : {}) });
      const j = judgeTls('entra.tls.public-ca', probe, server.baseUrl);
      expect(j).toMatchObject({ status: 'failed', step: 'certificate' });
      expect(j.received).toMatch(/^Entra's Test Connection will fail with a certificate error/);
      if (caPem) expect(j.received).toMatch(/trusts it through --ca, which Entra does not/);
      expect(j.curl).toMatch(/^curl -sv /);
      // The run's own client: blocked without --ca, connected with it.
      expect(connectionBlocked(probe) === undefined).toBe(caPem !== undefined);
    }
  });

  test('a closed port is a TCP failure, not a TLS answer', async () => {
    const spare = net.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const port = (spare.address() as net.AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const probe = await probeTls(`https://127.0.0.1:${port}/scim`, { timeoutMs: 2000 });
    expect(probe.tcpError).toMatch(/ECONNREFUSED/);
    expect(probe.certificate).toBeUndefined();
    expect(judgeTls('entra.tls.public-ca', probe, 'https://127.0.0.1/scim').status).toBe('blocked');
  });

  test('only https URLs are probed', async () => {
    await expect(probeTls('http://127.0.0.1:1/scim', { timeoutMs: 100 })).rejects.toThrow(/https/);
  });
});

describe('--ca', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-ca-'));
  const write = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  };

  test('reads CA certificates and self-signed server certificates; refuses anything else with the reason', () => {
    expect(readCaFile(TEST_CA_FILE)).toContain('BEGIN CERTIFICATE');
    expect(readCaFile(path.join(TLS_FIXTURES_DIR, 'self-signed.pem'))).toContain('BEGIN CERTIFICATE');
    expect(() => readCaFile(path.join(tmp, 'missing.pem'))).toThrow(/cannot read the CA file .*ENOENT/);
    expect(() => readCaFile(write('empty.pem', 'nothing here'))).toThrow(/holds no PEM certificate/);
    expect(() => readCaFile(write('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'))).toThrow(/certificate 1 .* does not parse/);
    expect(() => readCaFile(path.join(TLS_FIXTURES_DIR, 'localhost.pem'))).toThrow(/neither a CA certificate nor self-signed/);
  });

  test('flag > SCIM_CA > config file (relative to it); an unusable file is a ConfigError', () => {
    const other = write('other.pem', fs.readFileSync(path.join(TLS_FIXTURES_DIR, 'self-signed.pem'), 'utf8'));
    fs.copyFileSync(TEST_CA_FILE, path.join(tmp, 'from-file.pem'));
    fs.writeFileSync(path.join(tmp, 'scim-conformance.config.json'), JSON.stringify({ ca: 'from-file.pem' }));
    const ca = (argv: string[], env: Record<string, string> = {}) => {
      const inv = loadConfig(argv, env, tmp);
      if (inv.kind !== 'run') throw new Error(inv.kind);
      return inv.config.ca?.file;
    };
    expect(ca([])).toBe(path.join(tmp, 'from-file.pem'));
    expect(ca([], { SCIM_CA: other })).toBe(other);
    expect(ca(['--ca', TEST_CA_FILE], { SCIM_CA: other })).toBe(TEST_CA_FILE);
    expect(() => ca(['--ca', path.join(tmp, 'nope.pem')])).toThrow(ConfigError);
  });

  test('the client reaches a private-CA endpoint with --ca, and fails without it', async () => {
    const client = (ca?: string) => new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]), ...(ca ? { ca } : {}) });
    const trusted = await client(TEST_CA).send({ method: 'GET', path: '/ServiceProviderConfig', label: 'spc' });
    expect(trusted.response?.status).toBe(200);
    const untrusted = await client().send({ method: 'GET', path: '/ServiceProviderConfig', label: 'spc' });
    expect(untrusted.response).toBeUndefined();
    expect(untrusted.error?.code).toMatch(/CERT|VERIFY|SIGNATURE/);
  });
});

describe('judgements of probes the reference server cannot produce', () => {
  const base = {
    host: 'scim.example.test',
    port: 443,
    modern: { ok: true as const, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    entraCiphers: { ok: true as const, protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' },
    legacy: { ok: false as const, error: 'tlsv1 alert protocol version' },
    publicChain: { verified: true },
    hostname: { matches: true },
  };
  const cert = (keyType: string, bits?: number) => ({ subject: 'CN=scim.example.test', issuer: 'CN=Public CA', validTo: 'Jan 1 00:00:00 2030 GMT', keyType, ...(bits !== undefined ? { bits } : {}), fingerprint256: 'AA' });
  const url = 'https://scim.example.test/scim';

  test('ECC keys: 256 bits pass, fewer fail; a key type the probe cannot size is blocked, not passed', () => {
    expect(judgeTls('entra.tls.key-size', { ...base, certificate: cert('EC', 256) }, url).status).toBe('passed');
    expect(judgeTls('entra.tls.key-size', { ...base, certificate: cert('EC', 224) }, url)).toMatchObject({ status: 'failed', received: expect.stringMatching(/EC key has 224 bits, below Microsoft's minimum of 256/) });
    expect(judgeTls('entra.tls.key-size', { ...base, certificate: cert('unknown') }, url).status).toBe('blocked');
  });

  test('a TLS 1.3-only endpoint passes entra.tls.version and fails entra.tls.ciphers (Entra lists TLS 1.2 suites)', () => {
    const probe = { ...base, certificate: cert('EC', 256), entraCiphers: { ok: false as const, error: 'tlsv1 alert protocol version' } };
    expect(judgeTls('entra.tls.version', probe, url).status).toBe('passed');
    const j = judgeTls('entra.tls.ciphers', probe, url);
    expect(j).toMatchObject({ status: 'failed', step: 'handshake-tls1.2-entra-suites' });
    expect(j.received).toMatch(/^Entra's Test Connection will fail with a TLS handshake error: .*with other offers it chose TLSv1\.3/);
    expect(j.curl).toContain("--tlsv1.2 --tls-max 1.2 --ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:");
  });
});

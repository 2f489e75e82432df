// Transport faults: how the reference server serves TLS. They set no hook (the SCIM behaviour is
// unchanged); any one of them makes the server listen with https:// and the certificate or protocol
// settings below. Certificates are the TEST-ONLY ones in fixtures/tls/ (scripts/gen-test-certs.sh).
import fs from 'node:fs';
import path from 'node:path';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { defineSwitch } from './define';

export const TLS_SWITCHES = [
  defineSwitch({ name: 'tls-self-signed', kind: 'fault', description: 'Serves https with a self-signed certificate for the right host, which no CA issued.' }),
  defineSwitch({ name: 'tls-wrong-host', kind: 'fault', description: 'Serves https with a certificate issued for another host name (wrong-host.invalid).' }),
  defineSwitch({ name: 'tls-weak-key', kind: 'fault', description: 'Serves https with a certificate whose RSA key has 1024 bits.' }),
  defineSwitch({ name: 'tls-legacy-only', kind: 'fault', description: 'Serves https over TLS 1.0 and 1.1 only, refusing TLS 1.2 and 1.3.' }),
  defineSwitch({ name: 'tls-legacy-allowed', kind: 'fault', description: 'Serves https over TLS 1.2 and 1.3 but also accepts TLS 1.0 and 1.1.' }),
  defineSwitch({ name: 'tls-no-entra-cipher', kind: 'fault', description: "Serves https whose TLS 1.2 suites are none of Entra's (RSA key exchange only; TLS 1.3 still works)." }),
] as const;

export type TlsSwitchName = (typeof TLS_SWITCHES)[number]['name'];

export const TLS_FIXTURES_DIR = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'tls');
/** The test CA that issued the server's certificates (not the self-signed one): what --ca takes in tests. */
export const TEST_CA_FILE = path.join(TLS_FIXTURES_DIR, 'test-ca.pem');

const LEGACY = { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;

/** Per fault: the certificate pair and protocol settings that differ from the clean https server. */
const SERVING: Record<TlsSwitchName, { pair?: string } & Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'>> = {
  'tls-self-signed': { pair: 'self-signed' },
  'tls-wrong-host': { pair: 'wrong-host' },
  'tls-weak-key': { pair: 'weak-key' },
  'tls-legacy-only': { ...LEGACY, maxVersion: 'TLSv1.1' },
  'tls-legacy-allowed': { ...LEGACY },
  // AES-GCM with RSA key exchange: a real but non-ECDHE TLS 1.2 configuration.
  'tls-no-entra-cipher': { ciphers: 'AES128-GCM-SHA256:AES256-GCM-SHA384:TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256' },
};

export function isTlsSwitch(name: string): name is TlsSwitchName {
  return Object.prototype.hasOwnProperty.call(SERVING, name);
}

/**
 * The https server options for the given switches: undefined (plain http) unless `https` is asked
 * for or a tls-* fault is on. Clean https: the localhost certificate of the test CA, Node's defaults.
 */
export function tlsServerOptions(names: Iterable<string>, https: boolean): TlsOptions | undefined {
  const on = [...names].filter(isTlsSwitch);
  if (!https && on.length === 0) return undefined;
  let pair = 'localhost';
  const settings: Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'> = {};
  for (const name of on) {
    const { pair: p, ...rest } = SERVING[name];
    if (p) pair = p;
    Object.assign(settings, rest);
  }
  const read = (ext: string) => fs.readFileSync(path.join(TLS_FIXTURES_DIR, `${pair}.${ext}`), 'utf8');
  return { cert: read('pem'), key: read('key'), ...settings };
}

// What Entra's provisioning service requires of the connection to an https:// tenant URL (catalogue
// entra-requests.md §1.6, §7 #38). Judged from the TLS probe the runner takes before the suites
// (src/tls/probe.ts); specs/entra/tls.spec.ts records one application per check.
import type { TlsProbe } from '../../tls/probe';
import { ENTRA_CIPHER_SUITES } from '../../tls/probe';
import { defineCheck, type CheckDefinition } from '../types';

const SECURITY_REQUIREMENTS = {
  ref: 'Entra: SCIM endpoint security requirements',
  url: 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups',
};

export const tlsVersion = defineCheck({
  id: 'entra.tls.version',
  title: 'The endpoint completes a TLS 1.2 or TLS 1.3 handshake',
  suite: 'entra',
  requirement: SECURITY_REQUIREMENTS,
  level: 'MUST',
  quote: 'The only acceptable protocol version is TLS 1.2. (Earlier wording: "The only acceptable TLS protocol versions are TLS 1.2 and TLS 1.3.")',
  provenBy: ['tls-legacy-only'],
});

export const tlsCiphers = defineCheck({
  id: 'entra.tls.ciphers',
  title: "The endpoint accepts one of Entra's TLS 1.2 cipher suites",
  suite: 'entra',
  requirement: SECURITY_REQUIREMENTS,
  level: 'MUST',
  quote: `TLS 1.2 Cipher Suites minimum bar: ${ENTRA_CIPHER_SUITES.map((c) => c.iana).join(', ')}`,
  provenBy: ['tls-no-entra-cipher'],
});

export const tlsPublicCa = defineCheck({
  id: 'entra.tls.public-ca',
  title: 'The certificate chain leads to a public root CA',
  suite: 'entra',
  requirement: SECURITY_REQUIREMENTS,
  level: 'MUST',
  quote: 'Server certificate root CA must be one of: CNNIC, Comodo, CyberTrust, DigiCert, GeoTrust, GlobalSign, Go Daddy, VeriSign, WoSign, DST Root CA X3.',
  provenBy: ['tls-self-signed'],
});

export const tlsHostname = defineCheck({
  id: 'entra.tls.hostname',
  title: 'The certificate names the host of the tenant URL',
  suite: 'entra',
  requirement: { ref: 'Entra: HTTPS on the SCIM endpoint (an https client verifies the host, RFC 9110 §4.3.4)', url: SECURITY_REQUIREMENTS.url },
  level: 'MUST',
  quote: 'Support HTTPS on your SCIM endpoint. (HTTPS means the certificate identifies the host of the tenant URL: RFC 9110 §4.3.4, paraphrased.)',
  provenBy: ['tls-wrong-host'],
});

export const tlsKeySize = defineCheck({
  id: 'entra.tls.key-size',
  title: 'The certificate key is RSA of at least 2048 bits or ECC of at least 256 bits',
  suite: 'entra',
  requirement: SECURITY_REQUIREMENTS,
  level: 'MUST',
  quote: 'RSA keys must be at least 2,048 bits. ECC keys must be at least 256 bits, generated using an approved elliptic curve.',
  provenBy: ['tls-weak-key'],
});

export const tlsLegacyRefused = defineCheck({
  id: 'entra.tls.legacy-refused',
  title: 'The endpoint refuses TLS 1.0 and TLS 1.1',
  suite: 'entra',
  requirement: SECURITY_REQUIREMENTS,
  // Entra itself negotiates TLS 1.2 and connects anyway: a hardening requirement, not a refusal.
  level: 'SHOULD',
  quote: 'No other versions of TLS are permitted. No version of SSL is permitted.',
  provenBy: ['tls-legacy-allowed'],
});

export const entraTlsChecks: readonly CheckDefinition[] = [tlsVersion, tlsCiphers, tlsPublicCa, tlsHostname, tlsKeySize, tlsLegacyRefused];

/** How one check judged the probe. `step` names the handshake it read (no spaces: reports quote it). */
export interface TlsJudgement {
  status: 'passed' | 'failed' | 'blocked';
  step: string;
  request: string;
  expected?: string;
  received?: string;
  reason?: string;
  /** A command that shows the same handshake (never carries the token). */
  curl?: string;
}

const STEPS = {
  modern: { step: 'handshake-tls1.2-1.3', offer: 'TLS 1.2-1.3, default suites' },
  entra: { step: 'handshake-tls1.2-entra-suites', offer: "TLS 1.2 only, Entra's 8 suites" },
  legacy: { step: 'handshake-tls1.0-1.1', offer: 'TLS 1.0-1.1 only' },
  certificate: { step: 'certificate', offer: 'TLS 1.2-1.3, default suites' },
} as const;

function outcome(h: TlsProbe['modern']): string {
  return h.ok ? `${h.protocol}, ${h.cipher}` : `refused: ${h.error}`;
}

function request(probe: TlsProbe, which: keyof typeof STEPS, h: TlsProbe['modern']): string {
  return `TLS handshake ${probe.host}:${probe.port} (${STEPS[which].offer}) -> ${outcome(h)}`;
}

function curlLine(baseUrl: string, flags: string): string {
  // -v prints the handshake; no request reaches the SCIM API without a token, so none is sent.
  return `curl -sv -o /dev/null ${flags}${flags ? ' ' : ''}'${baseUrl}/ServiceProviderConfig'`;
}

const ENTRA_CIPHER_LIST = ENTRA_CIPHER_SUITES.map((c) => c.openssl).join(':');

/** Judges one entra.tls check from the probe of baseUrl. */
export function judgeTls(checkId: string, probe: TlsProbe, baseUrl: string): TlsJudgement {
  const cert = probe.certificate;
  const certificateStep = (): Omit<TlsJudgement, 'status'> => ({
    step: STEPS.certificate.step,
    request: `TLS certificate of ${probe.host}:${probe.port}: ${cert ? `${cert.subject}; issuer ${cert.issuer}${cert.subjectAltName ? `; ${cert.subjectAltName}` : ''}` : 'none (no handshake completed)'}`,
  });
  const noCertificate = (): TlsJudgement => ({ ...certificateStep(), status: 'blocked', reason: 'no TLS handshake with the endpoint completed, so there is no certificate to judge (see entra.tls.version)' });

  switch (checkId) {
    case tlsVersion.id: {
      const base = { step: STEPS.modern.step, request: request(probe, 'modern', probe.modern) };
      if (probe.modern.ok) return { ...base, status: 'passed' };
      const speaks = probe.legacy.ok ? ` It does speak ${probe.legacy.protocol}, which Entra does not use.` : '';
      return {
        ...base,
        status: 'failed',
        expected: 'a completed TLS 1.2 or TLS 1.3 handshake',
        received: `Entra's Test Connection will fail with a TLS handshake error: the endpoint completed no TLS 1.2 or 1.3 handshake (${probe.modern.error}).${speaks}`,
        curl: curlLine(baseUrl, '--tlsv1.2'),
      };
    }
    case tlsCiphers.id: {
      const base = { step: STEPS.entra.step, request: request(probe, 'entra', probe.entraCiphers) };
      if (probe.entraCiphers.ok) return { ...base, status: 'passed' };
      return {
        ...base,
        status: 'failed',
        expected: `a TLS 1.2 handshake with one of ${ENTRA_CIPHER_SUITES.map((c) => c.iana).join(', ')}`,
        received: `Entra's Test Connection will fail with a TLS handshake error: offered TLS 1.2 with only the cipher suites Entra lists, the endpoint refused (${probe.entraCiphers.error})${probe.modern.ok ? `; with other offers it chose ${probe.modern.protocol}, ${probe.modern.cipher}` : ''}.`,
        curl: curlLine(baseUrl, `--tlsv1.2 --tls-max 1.2 --ciphers '${ENTRA_CIPHER_LIST}'`),
      };
    }
    case tlsPublicCa.id: {
      if (!cert || !probe.publicChain) return noCertificate();
      if (probe.publicChain.verified) return { ...certificateStep(), status: 'passed' };
      const trustedByCa = probe.runChain?.verified ? ' The run trusts it through --ca, which Entra does not: Entra trusts public CAs only.' : '';
      return {
        ...certificateStep(),
        status: 'failed',
        expected: 'a chain that verifies against the public root CAs (Node’s Mozilla root store)',
        received: `Entra's Test Connection will fail with a certificate error: the chain does not lead to a public root CA (${probe.publicChain.error ?? 'unverified'}).${trustedByCa}`,
        curl: curlLine(baseUrl, ''),
      };
    }
    case tlsHostname.id: {
      if (!cert || !probe.hostname) return noCertificate();
      if (probe.hostname.matches) return { ...certificateStep(), status: 'passed' };
      return {
        ...certificateStep(),
        status: 'failed',
        expected: `a certificate that names ${probe.host}`,
        received: `Entra's Test Connection will fail with a certificate name mismatch: the certificate names ${cert.subjectAltName ?? cert.subject}, not ${probe.host}`,
        curl: curlLine(baseUrl, ''),
      };
    }
    case tlsKeySize.id: {
      if (!cert) return noCertificate();
      const minimum = cert.keyType === 'RSA' ? 2048 : cert.keyType === 'EC' ? 256 : undefined;
      if (minimum === undefined || cert.bits === undefined) {
        return { ...certificateStep(), status: 'blocked', reason: `the certificate key is of a type the probe cannot size (${cert.keyType}); Microsoft's requirement names RSA and ECC keys` };
      }
      if (cert.bits >= minimum) return { ...certificateStep(), status: 'passed' };
      return {
        ...certificateStep(),
        status: 'failed',
        expected: `an ${cert.keyType} key of at least ${minimum} bits`,
        received: `Entra's Test Connection will fail with a TLS error: the certificate's ${cert.keyType} key has ${cert.bits} bits, below Microsoft's minimum of ${minimum}`,
        curl: curlLine(baseUrl, ''),
      };
    }
    case tlsLegacyRefused.id: {
      const base = { step: STEPS.legacy.step, request: request(probe, 'legacy', probe.legacy) };
      if (!probe.legacy.ok) return { ...base, status: 'passed' };
      return {
        ...base,
        status: 'failed',
        expected: 'TLS 1.0 and TLS 1.1 refused',
        received: `the endpoint accepted ${probe.legacy.protocol} (${probe.legacy.cipher}). Entra still connects with TLS 1.2, so provisioning works, but Microsoft permits no version below TLS 1.2.`,
        curl: curlLine(baseUrl, `--tlsv1.0 --tls-max 1.1 --ciphers 'DEFAULT@SECLEVEL=0'`),
      };
    }
    default:
      throw new Error(`judgeTls: ${checkId} is not an entra.tls check`);
  }
}

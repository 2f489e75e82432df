// The TLS probe: a few handshakes with an https:// endpoint before the suites, each answering one
// question Entra's provisioning service asks of the connection (entra-requests.md §1.6): which
// versions it speaks, whether its chain leads to a public root and names the host, whether it takes
// one of Entra's cipher suites. Handshakes only: no HTTP request, so no token is ever sent here.
import net from 'node:net';
import tls from 'node:tls';
import { trustedRoots } from './trust';

/** Entra's TLS 1.2 "minimum bar", in Microsoft's order: IANA name and OpenSSL name. */
export const ENTRA_CIPHER_SUITES: ReadonlyArray<{ iana: string; openssl: string }> = [
  { iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
  { iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384' },
  { iana: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-RSA-AES128-GCM-SHA256' },
  { iana: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-RSA-AES256-GCM-SHA384' },
  { iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', openssl: 'ECDHE-ECDSA-AES128-SHA256' },
  { iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', openssl: 'ECDHE-ECDSA-AES256-SHA384' },
  { iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', openssl: 'ECDHE-RSA-AES128-SHA256' },
  { iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', openssl: 'ECDHE-RSA-AES256-SHA384' },
];
export const ENTRA_CIPHER_LIST = ENTRA_CIPHER_SUITES.map((c) => c.openssl).join(':');
/** OpenSSL 3 refuses TLS 1.0/1.1 above security level 0; the probe must still be able to offer them. */
export const LEGACY_CIPHER_LIST = 'DEFAULT@SECLEVEL=0';

/** One handshake: what was negotiated, or why it failed. */
export type Handshake = { ok: true; protocol: string; cipher: string } | { ok: false; error: string; code?: string };

export interface PeerCertificate {
  subject: string;
  issuer: string;
  subjectAltName?: string;
  validTo: string;
  /** 'RSA', 'EC' or what the key is. */
  keyType: string;
  bits?: number;
  fingerprint256: string;
}

export interface TlsProbe {
  host: string;
  port: number;
  /** TLS 1.2 and 1.3 offered (the run's own client): what the endpoint chose. */
  modern: Handshake;
  /** TLS 1.2 only, offering only Entra's cipher suites. */
  entraCiphers: Handshake;
  /** TLS 1.0 and 1.1 only. */
  legacy: Handshake;
  /** The leaf certificate, from the first handshake that completed. */
  certificate?: PeerCertificate;
  /** The chain against the public roots alone (Node's bundled Mozilla store). */
  publicChain?: { verified: boolean; error?: string };
  /** The chain against what the run trusts (the public roots, plus --ca). */
  runChain?: { verified: boolean; error?: string };
  /** Whether the leaf names the host of the URL. */
  hostname?: { matches: boolean; error?: string };
  /** Set when no handshake even began: TCP refused, unreachable or timed out (not a TLS answer). */
  tcpError?: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  /** PEM of the private CA(s) the run trusts besides the public roots (--ca). */
  caPem?: string;
  /** Test seam: the roots taken as public (default: tls.rootCertificates). */
  publicRoots?: readonly string[];
}

interface Attempt {
  handshake: Handshake;
  socketError?: boolean;
  authorized?: boolean;
  authorizationError?: string;
  cert?: tls.DetailedPeerCertificate;
}

function connect(host: string, port: number, timeoutMs: number, options: tls.ConnectionOptions): Promise<Attempt> {
  return new Promise((resolve) => {
    let done = false;
    const socket = tls.connect({
      host,
      port,
      // SNI carries names only; an IP address is not sent.
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      // The host name is judged on its own (hostname), not folded into `authorized`.
      checkServerIdentity: () => undefined,
      ...options,
    });
    const finish = (a: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ handshake: { ok: false, error: `no TLS handshake within ${timeoutMs} ms`, code: 'ETIMEDOUT' }, socketError: true }), timeoutMs);
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      finish({
        handshake: { ok: true, protocol: socket.getProtocol() ?? 'unknown', cipher: cipher.standardName ?? cipher.name },
        authorized: socket.authorized,
        ...(socket.authorizationError ? { authorizationError: String(socket.authorizationError) } : {}),
        cert: socket.getPeerCertificate(true),
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      // A refused or reset TCP connection is not a TLS answer: the caller tells the two apart.
      const tcp = err.code !== undefined && /^E[A-Z]+$/.test(err.code) && !err.code.startsWith('ERR_');
      finish({ handshake: { ok: false, error: firstLine(err.message), ...(err.code ? { code: err.code } : {}) }, ...(tcp ? { socketError: true } : {}) });
    });
  });
}

function firstLine(text: string): string {
  // OpenSSL's messages carry a source path after the reason; the reason is what a reader needs.
  const line = text.split('\n')[0]!.trim();
  const m = /:SSL routines:[^:]*:([^:]+)/.exec(line);
  return m ? m[1]! : line;
}

function describeCert(cert: tls.DetailedPeerCertificate): PeerCertificate {
  const name = (n: tls.Certificate | undefined) =>
    n ? Object.entries(n).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') : '';
  const c = cert as tls.DetailedPeerCertificate & { asn1Curve?: string; modulus?: string; bits?: number };
  const keyType = c.modulus !== undefined ? 'RSA' : c.asn1Curve !== undefined ? 'EC' : 'unknown';
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    ...(cert.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
    validTo: cert.valid_to,
    keyType,
    ...(typeof c.bits === 'number' ? { bits: c.bits } : {}),
    fingerprint256: cert.fingerprint256,
  };
}

export async function probeTls(baseUrl: string, options: ProbeOptions): Promise<TlsProbe> {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') throw new Error(`probeTls needs an https:// URL (got ${url.protocol})`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 443 : Number(url.port);
  const publicRoots = [...(options.publicRoots ?? tls.rootCertificates)];
  const { timeoutMs } = options;

  const modern = await connect(host, port, timeoutMs, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ca: publicRoots });
  const entraCiphers = await connect(host, port, timeoutMs, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: ENTRA_CIPHER_LIST, ca: publicRoots });
  const legacy = await connect(host, port, timeoutMs, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: LEGACY_CIPHER_LIST, ca: publicRoots });

  const probe: TlsProbe = { host, port, modern: modern.handshake, entraCiphers: entraCiphers.handshake, legacy: legacy.handshake };
  if (modern.socketError && entraCiphers.socketError && legacy.socketError && !modern.handshake.ok) probe.tcpError = modern.handshake.error;

  // The certificate as the endpoint presents it to a client Entra-like enough to finish a handshake.
  const seen = [modern, entraCiphers, legacy].find((a) => a.handshake.ok && a.cert);
  if (seen?.cert) {
    probe.certificate = describeCert(seen.cert);
    probe.publicChain = { verified: seen.authorized === true, ...(seen.authorizationError ? { error: seen.authorizationError } : {}) };
    const mismatch = tls.checkServerIdentity(host, seen.cert);
    probe.hostname = { matches: mismatch === undefined, ...(mismatch ? { error: mismatch.message } : {}) };
    if (options.caPem === undefined) probe.runChain = probe.publicChain;
    else {
      const run = await connect(host, port, timeoutMs, { minVersion: seen === legacy ? 'TLSv1' : 'TLSv1.2', ...(seen === legacy ? { ciphers: LEGACY_CIPHER_LIST } : {}), ca: trustedRoots(options.caPem, publicRoots) });
      probe.runChain = run.handshake.ok ? { verified: run.authorized === true, ...(run.authorizationError ? { error: run.authorizationError } : {}) } : { verified: false, error: run.handshake.error };
    }
  }
  return probe;
}

/**
 * Why the run's own HTTPS client cannot talk to the endpoint (so no suite can judge anything), or
 * undefined when it can. The client speaks TLS 1.2-1.3 and verifies the chain and the host name.
 */
export function connectionBlocked(probe: TlsProbe): string | undefined {
  if (!probe.modern.ok) return `no TLS 1.2 or 1.3 handshake: ${probe.modern.error}`;
  if (probe.runChain && !probe.runChain.verified) return `the certificate chain is not trusted (${probe.runChain.error ?? 'unverified'})`;
  if (probe.hostname && !probe.hostname.matches) return `the certificate does not name the host (${probe.hostname.error ?? 'mismatch'})`;
  return undefined;
}

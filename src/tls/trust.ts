// What the run trusts: the public roots (Node's bundled Mozilla store, as a browser would) and, with
// --ca, the private CA(s) of a test or staging endpoint. Entra trusts public CAs only, so --ca never
// changes the verdict of entra.tls.public-ca: it only lets the other checks run.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads a PEM bundle; throws an Error whose message says what is wrong with the file. */
export function readCaFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the CA file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`the CA file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)`);
  blocks.forEach((pem, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (err) {
      throw new Error(`certificate ${i + 1} of the CA file ${file} does not parse: ${(err as Error).message}`);
    }
    // A self-signed server certificate may stand as its own anchor; any other leaf cannot anchor a chain.
    if (!cert.ca && !cert.checkIssued(cert)) throw new Error(`certificate ${i + 1} of the CA file ${file} (${cert.subject.replace(/\n/g, ', ')}) is neither a CA certificate nor self-signed`);
  });
  return blocks.join('\n');
}

/** The roots a verifying client of this run uses: the public ones, plus the private CA(s) of --ca. */
export function trustedRoots(caPem: string | undefined, publicRoots: readonly string[] = tls.rootCertificates): string[] {
  return [...publicRoots, ...(caPem ? (caPem.match(PEM_BLOCK) ?? []) : [])];
}

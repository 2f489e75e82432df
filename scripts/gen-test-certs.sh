#!/usr/bin/env bash
# Regenerates the TEST-ONLY certificates in fixtures/tls/ (the reference server's https mode and its
# tls-* fault switches). The private keys are committed on purpose: they protect nothing but
# loopback traffic of the self-tests. Never trust test-ca.pem anywhere else.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/tls"
DAYS=36500 # long-lived, so the committed files do not expire under the tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -keyout test-ca.key -out test-ca.pem \
  -subj "/O=scim-conformance TEST ONLY/CN=scim-conformance test CA (never trust outside tests)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# leaf NAME BITS SAN: a server certificate signed by the test CA.
leaf() {
  openssl req -newkey "rsa:$2" -nodes -sha256 -keyout "$1.key" -out "$work/$1.csr" -subj "/O=scim-conformance TEST ONLY/CN=$1"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$3" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA test-ca.pem -CAkey test-ca.key -CAcreateserial -CAserial "$work/ca.srl" -days "$DAYS" -sha256 -extfile "$work/$1.ext" -out "$1.pem"
}
leaf localhost 2048 "DNS:localhost,IP:127.0.0.1"
leaf wrong-host 2048 "DNS:wrong-host.invalid"
leaf weak-key 1024 "DNS:localhost,IP:127.0.0.1"

# Self-signed for the right host: no CA, public or private, issued it.
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -keyout self-signed.key -out self-signed.pem \
  -subj "/O=scim-conformance TEST ONLY/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth"

# Nothing more is signed with the CA: its key is not kept, so these files cannot mint further certificates.
rm -f test-ca.key

// The RFC 7643/7644 protocol conformance suite, replayed once (profile-independent) from
// fixtures/rfc/*.json and scored apart from Entra interoperability.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.rfc(api);

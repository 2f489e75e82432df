// Okta provisioning, replayed from every sequence file in fixtures/okta/ (bodies.json is the shared
// body catalogue). A new sequence is one data file there and nothing else.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.okta(api);

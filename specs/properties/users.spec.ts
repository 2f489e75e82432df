// Property-based suites over Entra-shaped users: round trip, lookups, PATCH equivalences and retries.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.properties(api, 'users');

// Property-based suite over Entra-shaped groups: displayName lookups whatever the name holds.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.properties(api, 'groups');

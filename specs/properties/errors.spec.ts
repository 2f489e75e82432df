// Property-based suite over mistyped and malformed Entra-shaped requests.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.properties(api, 'errors');

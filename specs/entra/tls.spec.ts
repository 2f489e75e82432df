// Entra's view of the connection (entra-requests.md §1.6): one test per entra.tls check, judged from
// the TLS probe the runner took before the suites; skipped with the reason on http://.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.tls(api);

// The model-based run: random sequences of Entra operations against a model of the directory.
import { suites } from '../../src/runner/suite-host';

const { host, api } = suites();
host.properties(api, 'directory');

// Property-based suites over Entra-shaped users: round trip, lookups, PATCH equivalences and retries.
import { PROPERTY_SUITES } from '../../src/model/catalogue';
import { propertySuite } from '../../src/model/suite';

propertySuite('Properties: users', PROPERTY_SUITES.users);

// Property-based suite over Entra-shaped groups: displayName lookups whatever the name holds.
import { PROPERTY_SUITES } from '../../src/model/catalogue';
import { propertySuite } from '../../src/model/suite';

propertySuite('Properties: groups', PROPERTY_SUITES.groups);

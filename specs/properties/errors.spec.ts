// Property-based suite over mistyped and malformed Entra-shaped requests.
import { PROPERTY_SUITES } from '../../src/model/catalogue';
import { propertySuite } from '../../src/model/suite';

propertySuite('Properties: bad requests', PROPERTY_SUITES.errors);

// The model-based run: random sequences of Entra operations against a model of the directory.
import { PROPERTY_SUITES } from '../../src/model/catalogue';
import { propertySuite } from '../../src/model/suite';

propertySuite('Properties: directory model', PROPERTY_SUITES.directory);

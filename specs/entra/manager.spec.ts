// Entra ID manager references, replayed from fixtures/entra/manager.json.
import { replaySuite } from '../../src/sequences/suite';
import bodies from '../../fixtures/entra/bodies.json';
import manager from '../../fixtures/entra/manager.json';

replaySuite('m', 'entra', { bodies, ...manager });

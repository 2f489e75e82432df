// Entra ID group provisioning and membership, replayed from fixtures/entra/groups.json.
import { replaySuite } from '../../src/sequences/suite';
import bodies from '../../fixtures/entra/bodies.json';
import groups from '../../fixtures/entra/groups.json';

replaySuite('g', 'entra', { bodies, ...groups });

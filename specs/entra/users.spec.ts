// Entra ID user provisioning, replayed from fixtures/entra/users.json.
import { replaySuite } from '../../src/sequences/suite';
import bodies from '../../fixtures/entra/bodies.json';
import users from '../../fixtures/entra/users.json';

replaySuite('u', 'entra', { bodies, ...users });

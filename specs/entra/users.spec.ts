// Entra ID user provisioning, replayed from fixtures/entra/users.json.
import { replaySuite } from '../../src/sequences/suite';
import type { SequenceFile } from '../../src/sequences/types';
import users from '../../fixtures/entra/users.json';

replaySuite('u', users as unknown as SequenceFile);

// Entra ID provisioning, replayed from every sequence file in fixtures/entra/ (bodies.json is the
// shared body catalogue). A new sequence is one data file there and nothing else; each file's
// resource names carry a tag made from its file name.
import { loadSequenceFiles } from '../../src/sequences/fixtures';
import { replaySuite } from '../../src/sequences/suite';

for (const { tag, file } of loadSequenceFiles('entra')) replaySuite(tag, 'entra', file);

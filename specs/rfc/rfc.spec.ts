// The RFC 7643/7644 protocol conformance suite, replayed once (profile-independent) from
// fixtures/rfc/*.json and scored apart from Entra interoperability. One spec file: each file costs
// jest a fresh module registry, and these sequences share it.
import { replaySuite } from '../../src/sequences/suite';
import bodies from '../../fixtures/rfc/bodies.json';
import discovery from '../../fixtures/rfc/discovery.json';
import resources from '../../fixtures/rfc/resources.json';
import patch from '../../fixtures/rfc/patch.json';
import query from '../../fixtures/rfc/query.json';
import errors from '../../fixtures/rfc/errors.json';
import etag from '../../fixtures/rfc/etag.json';
import agreement from '../../fixtures/rfc/agreement.json';

// Two-letter tags keep the resource names of the files apart (scimc-<run>-rq<profile><n>-…).
replaySuite('rd', 'rfc', { bodies, ...discovery }); // RFC 7644 §4 discovery
replaySuite('rr', 'rfc', { bodies, ...resources }); // §3.3-3.6 create, read, replace, delete
replaySuite('rp', 'rfc', { bodies, ...patch }); // §3.5.2 PATCH
replaySuite('rq', 'rfc', { bodies, ...query }); // §3.4.2 filter, sort, pagination, projection
replaySuite('rx', 'rfc', { bodies, ...errors }); // §3.12 errors, 401
replaySuite('rt', 'rfc', { bodies, ...etag }); // §3.14 ETags
replaySuite('ra', 'rfc', { bodies, ...agreement }); // §3.3 the created resource as POST returns it

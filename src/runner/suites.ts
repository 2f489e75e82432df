// The conformance suites as the spec files in specs/ reach them (through suite-host.ts). Everything
// here runs in the CLI's realm: a spec file only hands over jest's functions.
import bodies from '../../fixtures/rfc/bodies.json';
import discovery from '../../fixtures/rfc/discovery.json';
import resources from '../../fixtures/rfc/resources.json';
import patch from '../../fixtures/rfc/patch.json';
import query from '../../fixtures/rfc/query.json';
import projection from '../../fixtures/rfc/projection.json';
import errors from '../../fixtures/rfc/errors.json';
import etag from '../../fixtures/rfc/etag.json';
import agreement from '../../fixtures/rfc/agreement.json';
import requirements from '../../fixtures/rfc/requirements.json';
import unknownUrls from '../../fixtures/rfc/unknown-urls.json';
import discoveryById from '../../fixtures/rfc/discovery-by-id.json';
import groupPut from '../../fixtures/rfc/group-put.json';
import roundTrip from '../../fixtures/rfc/round-trip.json';
import search from '../../fixtures/rfc/search.json';
import { PROPERTY_SUITES } from '../model/catalogue';
import { propertySuite } from '../model/suite';
import type { Area, CheckApplication } from '../report/outcome';
import { loadSequenceFiles } from '../sequences/fixtures';
import { replaySuite } from '../sequences/suite';
import { tlsSuite } from '../tls/suite';
import { openSuite, settleTest } from './suite-env';
import type { JestApi } from './suite-host';

export interface SuiteHost {
  /** Entra ID provisioning, replayed from every sequence file in fixtures/entra/. */
  entra(jest: JestApi): void;
  /** Okta provisioning, replayed from every sequence file in fixtures/okta/. */
  okta(jest: JestApi): void;
  /** Entra's view of the connection: the entra.tls checks, judged from the run's TLS probe. */
  tls(jest: JestApi): void;
  /** The RFC 7643/7644 protocol suite, replayed once (profile-independent) from fixtures/rfc/. */
  rfc(jest: JestApi): void;
  /** One property-based suite of src/model/catalogue.ts. */
  properties(jest: JestApi, which: keyof typeof PROPERTY_SUITES): void;
  /** One sequence file given whole (the self-tests' sabotaged suites). */
  replay(jest: JestApi, tag: string, area: Area, fixture: { bodies: object; sequences: unknown[] }): void;
  /** Records a test's applications and fails it when one did not pass (see settleTest). */
  settle(apps: readonly CheckApplication[]): void;
  /** The run's --grep, for a spec file that selects tests of its own. */
  grep(): string | undefined;
}

const PROPERTY_TITLES: Record<keyof typeof PROPERTY_SUITES, string> = {
  users: 'Properties: users',
  groups: 'Properties: groups',
  directory: 'Properties: directory model',
  errors: 'Properties: bad requests',
};

export const SUITE_HOST: SuiteHost = {
  entra(jest) {
    // A new sequence is one data file there and nothing else; each file's resource names carry a tag made from its file name.
    for (const { tag, file } of loadSequenceFiles('entra')) replaySuite(jest, tag, 'entra', file);
  },
  okta(jest) {
    for (const { tag, file } of loadSequenceFiles('okta')) replaySuite(jest, tag, 'okta', file);
  },
  tls: tlsSuite,
  rfc(jest) {
    // Two-letter tags keep the resource names of the files apart (scimc-<run>-rq<profile><n>-…).
    replaySuite(jest, 'rd', 'rfc', { bodies, ...discovery }); // RFC 7644 §4 discovery
    replaySuite(jest, 'rr', 'rfc', { bodies, ...resources }); // §3.3-3.6 create, read, replace, delete
    replaySuite(jest, 'rp', 'rfc', { bodies, ...patch }); // §3.5.2 PATCH
    replaySuite(jest, 'rq', 'rfc', { bodies, ...query }); // §3.4.2 filter, sort, pagination, projection
    replaySuite(jest, 'rj', 'rfc', { bodies, ...projection }); // §3.4.2.5 projection by id, without a filter
    replaySuite(jest, 'rx', 'rfc', { bodies, ...errors }); // §3.12 errors, 401
    replaySuite(jest, 'rt', 'rfc', { bodies, ...etag }); // §3.14 ETags
    replaySuite(jest, 'ra', 'rfc', { bodies, ...agreement }); // §3.3 the created resource as POST returns it
    replaySuite(jest, 'rm', 'rfc', { bodies, ...requirements }); // MUST sentences of the fault catalogue (docs/fault-catalogue.md)
    replaySuite(jest, 'ru', 'rfc', { bodies, ...unknownUrls }); // §3.12 URLs that name no endpoint
    replaySuite(jest, 'ri', 'rfc', { bodies, ...discoveryById }); // §4 every listed ResourceType and Schema by id
    replaySuite(jest, 'rg', 'rfc', { bodies, ...groupPut }); // §3.5.1 PUT on a group
    replaySuite(jest, 'rv', 'rfc', { bodies, ...roundTrip }); // RFC 7643 §7: every declared writable attribute, POST, PUT, PATCH
    replaySuite(jest, 'rs', 'rfc', { bodies, ...search }); // §3.4.3 POST /.search
  },
  properties: (jest, which) => propertySuite(jest, PROPERTY_TITLES[which], PROPERTY_SUITES[which]),
  replay: replaySuite,
  settle: settleTest,
  grep: () => openSuite().run.grep,
};

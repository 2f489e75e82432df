// The RFC 7643/7644 protocol conformance checks, in report order: discovery, resources, PATCH,
// queries, errors, ETags. Scored apart from Entra interoperability (suites rfc7643 / rfc7644).
import type { CheckDefinition } from '../types';
import { rfcAgreementChecks } from './agreement';
import { rfcDiscoveryChecks } from './discovery';
import { rfcErrorChecks } from './errors';
import { rfcEtagChecks } from './etag';
import { rfcPatchChecks } from './patch';
import { rfcQueryChecks } from './query';
import { rfcResourceChecks } from './resources';
import { rfcRequirementChecks } from './requirements';

export const rfcChecks: readonly CheckDefinition[] = [...rfcDiscoveryChecks, ...rfcResourceChecks, ...rfcAgreementChecks, ...rfcPatchChecks, ...rfcQueryChecks, ...rfcErrorChecks, ...rfcEtagChecks, ...rfcRequirementChecks];

// The RFC 7643/7644 protocol conformance checks, in report order: discovery, resources, PATCH,
// queries, errors, ETags, declared attributes, other endpoints. Scored apart from Entra
// interoperability (suites rfc7643 / rfc7644).
import type { CheckDefinition } from '../types';
import { rfcAgreementChecks } from './agreement';
import { rfcDeclaredAttributeChecks } from './declared-attributes';
import { rfcDiscoveryChecks } from './discovery';
import { rfcEndpointChecks } from './endpoints';
import { rfcErrorChecks } from './errors';
import { rfcEtagChecks } from './etag';
import { rfcPatchChecks } from './patch';
import { rfcQueryChecks } from './query';
import { rfcResourceChecks } from './resources';
import { rfcRequirementChecks } from './requirements';

export const rfcChecks: readonly CheckDefinition[] = [...rfcDiscoveryChecks, ...rfcResourceChecks, ...rfcAgreementChecks, ...rfcPatchChecks, ...rfcQueryChecks, ...rfcErrorChecks, ...rfcEtagChecks, ...rfcRequirementChecks, ...rfcDeclaredAttributeChecks, ...rfcEndpointChecks];

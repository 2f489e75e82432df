// Okta interoperability checks: groups (okta-requests.md).
import type { CheckDefinition } from '../types';

export const oktaGroupChecks: CheckDefinition[] = [];

// Okta interoperability checks: users (okta-requests.md).
import type { CheckDefinition } from '../types';

export const oktaUserChecks: CheckDefinition[] = [];

// Okta interoperability checks: import (okta-requests.md).
import type { CheckDefinition } from '../types';

export const oktaImportChecks: CheckDefinition[] = [];

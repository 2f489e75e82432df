// Okta interoperability checks (okta-requests.md), in registry order.
import { oktaConnectionChecks } from './connection';

export const oktaChecks = [...oktaConnectionChecks];

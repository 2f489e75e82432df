// Okta interoperability checks (okta-requests.md), in registry order.
import { oktaConnectionChecks } from './connection';
import { oktaGroupChecks } from './groups';
import { oktaImportChecks } from './import';
import { oktaUserChecks } from './users';

export const oktaChecks = [...oktaConnectionChecks, ...oktaUserChecks, ...oktaGroupChecks, ...oktaImportChecks];

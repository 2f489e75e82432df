// Okta's groups traffic (okta-requests.md): the faults are the ways real endpoints mishandle what Okta sends;
// the variations are behaviours Okta documents as acceptable.

export const OKTA_GROUPS_SWITCHES = [] as const;

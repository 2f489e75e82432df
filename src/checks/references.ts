// Where requirements are written down. Checks cite these instead of repeating URLs.
export const DOCS = {
  entraScim: 'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups',
  entraCompat: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility',
  entraQuarantine: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status',
  entraLogs: 'https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-provisioning-logs',
  oktaScim20: 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20',
  oktaScimFaq: 'https://developer.okta.com/docs/concepts/scim/faqs/',
  oktaScimConcepts: 'https://developer.okta.com/docs/concepts/scim/',
  oktaScimPrepare: 'https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/',
  rfc7643: (section: string) => `https://www.rfc-editor.org/rfc/rfc7643#section-${section}`,
  rfc7644: (section: string) => `https://www.rfc-editor.org/rfc/rfc7644#section-${section}`,
} as const;

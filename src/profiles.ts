// The clients whose traffic the harness replays, and each client's request-shape profiles:
//  - Entra (entra-requests.md §0.2): the default `scim` job, and the same job with the `aadOptscim062020`
//    flag in the tenant URL;
//  - Okta (okta-requests.md §0.2): a custom app made with the App Integration Wizard (updates by GET then
//    PUT of the whole user), and an OIN catalog template (activation and groups by PATCH).
export const CLIENTS = ['entra', 'okta'] as const;
export type Client = (typeof CLIENTS)[number];

export const PROFILES = ['entra', 'entra-flag', 'okta-aiw', 'okta-oin'] as const;
export type Profile = (typeof PROFILES)[number];

export const CLIENT_PROFILES: Record<Client, readonly Profile[]> = {
  entra: ['entra', 'entra-flag'],
  okta: ['okta-aiw', 'okta-oin'],
};

export const CLIENT_TITLES: Record<Client, string> = { entra: 'Microsoft Entra ID', okta: 'Okta' };

/** How reports name a client in a sentence, a verdict or a step label ("Okta O-04"). */
export const CLIENT_NAMES: Record<Client, string> = { entra: 'Entra', okta: 'Okta' };

export const PROFILE_TITLES: Record<Profile, string> = {
  entra: 'Entra default request shapes',
  'entra-flag': 'Entra with aadOptscim062020',
  'okta-aiw': 'Okta custom app (App Integration Wizard)',
  'okta-oin': 'Okta OIN catalog app',
};

/** One letter per profile, in resource names and replay lines. */
export const PROFILE_TAG: Record<Profile, string> = { entra: 'e', 'entra-flag': 'f', 'okta-aiw': 'a', 'okta-oin': 'o' };

export function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

export function isClient(value: string): value is Client {
  return (CLIENTS as readonly string[]).includes(value);
}

export function clientOf(profile: Profile): Client {
  return profile.startsWith('okta') ? 'okta' : 'entra';
}

/** The selected profiles of one client, in selection order. */
export function profilesOf(client: Client, profiles: readonly Profile[]): Profile[] {
  return profiles.filter((p) => clientOf(p) === client);
}

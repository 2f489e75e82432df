// Entra's two request-shape profiles (entra-requests.md §0.2): the default `scim` job, and the same
// job with the `aadOptscim062020` flag in the tenant URL.
export const PROFILES = ['entra', 'entra-flag'] as const;
export type Profile = (typeof PROFILES)[number];

export const PROFILE_TITLES: Record<Profile, string> = {
  entra: 'Entra default request shapes',
  'entra-flag': 'Entra with aadOptscim062020',
};

export function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

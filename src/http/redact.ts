// The bearer token is a secret: nothing this tool prints or writes may contain it. Every recorded
// exchange passes through here before it is stored, so later writers never see the raw token.

export const TOKEN_PLACEHOLDER = '$SCIM_TOKEN';

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: ReadonlyArray<string | undefined>) {
    // Longest first, so a secret that contains another is replaced whole. Very short strings are
    // not treated as secrets: replacing "a" everywhere would destroy every report.
    this.secrets = secrets
      .filter((s): s is string => typeof s === 'string' && s.length >= 4)
      .sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    // includes() first: most texts hold no secret, and a split allocates even when it finds none.
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(TOKEN_PLACEHOLDER);
    return out;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) out[name] = this.text(value);
    return out;
  }
}

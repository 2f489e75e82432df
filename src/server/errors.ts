// SCIM error responses (RFC 7644 §3.12). Handlers throw ScimError; the HTTP layer renders it.
import { URN } from '../scim/urns';

export const ERROR_URN = URN.error;

/** The scimType keywords RFC 7644 §3.12 (Table 9) defines. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  /** The JSON body. `status` is a string, as in every example of RFC 7644 §3.12. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { schemas: [ERROR_URN], status: String(this.status) };
    if (this.scimType !== undefined) body.scimType = this.scimType;
    body.detail = this.detail;
    return body;
  }
}

export const badRequest = (scimType: ScimType, detail: string): ScimError => new ScimError(400, detail, scimType);
export const notFound = (detail: string): ScimError => new ScimError(404, detail);

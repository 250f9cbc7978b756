import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Clock, InvalidRequestError, Telemetry } from '@tessera/kernel';
import { type FormFields, OAuthForm, splitSpaceList } from '../oauth-form';
import { ScopeStrategy } from '../scopes/scope-strategy';
import { TokenFinder, type FoundToken } from '../tokens/token-finder';
import { publicConfirmation, type TokenConfirmation } from '../tokens/token-records';

/** RFC 7662 §2.2, in Hydra's `IntrospectedOAuth2Token` shape (hydra-compat §2.11). */
export type IntrospectionResult =
  | { readonly active: false }
  | {
      readonly active: true;
      readonly scope?: string;
      readonly client_id: string;
      readonly sub: string;
      readonly obfuscated_subject?: string;
      readonly exp: number;
      readonly iat: number;
      readonly nbf: number;
      readonly aud: readonly string[];
      readonly iss: string;
      /** `DPoP` for a DPoP-bound access token (RFC 9449 §6.2), else Hydra's `Bearer`. */
      readonly token_type: 'Bearer' | 'DPoP';
      readonly token_use: FoundToken['use'];
      readonly ext?: Record<string, unknown>;
      /** RFC 9449 §6.2, RFC 8705 §3.2: the key or certificate the access token is bound to. */
      readonly cnf?: TokenConfirmation;
    };

const INACTIVE: IntrospectionResult = { active: false };

/**
 * Token introspection (RFC 7662): whatever makes a token unusable — unknown, malformed, expired,
 * revoked, another kind of token, or lacking a scope asked for — answers exactly
 * `{"active":false}`, so nothing about the token leaks.
 */
@Injectable()
export class TokenIntrospector {
  constructor(
    private readonly tokens: TokenFinder,
    private readonly scopes: ScopeStrategy,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async introspect(fields: FormFields | undefined): Promise<IntrospectionResult> {
    const result = await this.lookUp(fields);
    this.telemetry.introspected(result.active);
    return result;
  }

  private async lookUp(fields: FormFields | undefined): Promise<IntrospectionResult> {
    const form = OAuthForm.from(fields);
    const token = form.get('token');
    if (token === undefined)
      throw new InvalidRequestError().withHint("The request parameter 'token' is missing.");
    const found = await this.tokens.find(token);
    if (!found || found.record.expiresAt.getTime() <= this.clock.nowMs()) return INACTIVE;
    const { record } = found;
    const required = splitSpaceList(form.get('scope'));
    if (this.scopes.firstRefused(record.grantedScope, required) !== undefined) return INACTIVE;
    const issuedAt = Math.floor(record.requestedAt.getTime() / 1000);
    // RFC 9449 §6.2, RFC 8705 §3.2. A refresh token's binding is the server's business, not a
    // resource's.
    const cnf = found.use === 'access_token' ? record.session.cnf : undefined;
    return {
      active: true,
      ...(record.grantedScope.length > 0 ? { scope: record.grantedScope.join(' ') } : {}),
      client_id: record.clientId,
      sub: record.subject,
      // hydra-compat §2.11: the real subject, and the client's pairwise form beside it.
      ...(record.session.oidc && record.session.oidc.subject !== record.subject
        ? { obfuscated_subject: record.session.oidc.subject }
        : {}),
      exp: Math.floor(record.expiresAt.getTime() / 1000),
      iat: issuedAt,
      nbf: issuedAt,
      aud: record.grantedAudience,
      iss: this.config.urls.self.issuer,
      // A certificate-bound token is still presented as a bearer token (RFC 8705 §3).
      token_type: cnf?.jkt !== undefined ? 'DPoP' : 'Bearer',
      token_use: found.use,
      ...(Object.keys(record.session.ext).length > 0 ? { ext: record.session.ext } : {}),
      ...(cnf ? { cnf: publicConfirmation(cnf) } : {}),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import {
  Clock,
  InvalidRequestError,
  Telemetry,
  InvalidScopeError,
  type ResponseMode,
  UnsupportedResponseTypeError,
} from '@tessera/kernel';
import { TokenSetIssuer } from '../grants/token-set.issuer';
import { IdTokenIssuer } from '../oidc/id-token.issuer';
import { firstRefusedAudience } from '../scopes/audience-strategy';
import { ScopeStrategy } from '../scopes/scope-strategy';
import { GrantTokenCodec } from '../tokens/grant-token.codec';
import { AuthorizationCodeStore } from '../tokens/grant-token.stores';
import { bindCode } from '../dpop/dpop-binding';
import type { TokenSession } from '../tokens/token-records';
import type { AuthorizeRequest } from './authorize-request';

/** What the user granted, as the consent step hands it over. */
export interface AuthorizeGrant {
  /** The consent request id: the grant chain of every token issued from it. */
  readonly requestId: string;
  readonly subject: string;
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly session: TokenSession;
}

/** The authorization response, on its way to the client's redirect URI. */
export interface AuthorizeResponse {
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Issues what the response types ask for (RFC 6749 §4.1.2, §4.2.2; OIDC Core §3.3.2.5): an
 * authorization code, an access token, an ID token — with `c_hash` and `at_hash` binding the ID
 * token to the others. What was granted must still be within what the client may receive.
 */
@Injectable()
export class AuthorizeResponseIssuer {
  constructor(
    private readonly codes: AuthorizationCodeStore,
    private readonly grantTokens: GrantTokenCodec,
    private readonly tokens: TokenSetIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly scopes: ScopeStrategy,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  /** Loads the signing keys `issue` needs; call it before the transaction that issues. */
  async prepare(request: AuthorizeRequest): Promise<void> {
    await this.tokens.prepareKeys(request.client, request.requestedScope.includes('openid'));
  }

  async issue(request: AuthorizeRequest, grant: AuthorizeGrant): Promise<AuthorizeResponse> {
    this.checkGrant(request, grant);
    const types = request.responseTypes;
    const params: Record<string, string> = {};
    const code = types.includes('code') ? await this.issueCode(request, grant) : undefined;
    if (code) params.code = code;
    let accessToken: string | undefined;
    if (types.includes('token')) {
      const issued = await this.tokens.mint(
        { ...grant, grantType: 'implicit', client: request.client },
        { refreshToken: false, idToken: false },
      );
      accessToken = issued.access_token;
      params.access_token = issued.access_token;
      params.token_type = issued.token_type;
      params.expires_in = String(issued.expires_in);
    }
    const idToken = await this.idToken(request, grant, accessToken, code);
    if (idToken) params.id_token = idToken;
    if (code || accessToken) params.scope = grant.grantedScope.join(' ');
    params.state = request.state;
    // RFC 9207 §2: the issuer identifies which server answered (mix-up defence, RFC 9700 §4.4).
    params.iss = this.config.urls.self.issuer;
    // Tokens straight from the authorization endpoint are the implicit grant (RFC 6749 §4.2).
    if (accessToken || params.id_token) this.telemetry.tokenIssued('implicit');
    return { redirectUri: request.redirectUri, responseMode: request.responseMode, params };
  }

  private async issueCode(request: AuthorizeRequest, grant: AuthorizeGrant): Promise<string> {
    const { token, signature } = this.grantTokens.mintAuthorizationCode();
    const requestedAt = this.clock.now();
    await this.codes.create({
      ...grant,
      session: bindCode(grant.session, request.dpopJkt),
      key: signature,
      clientId: request.client.client_id,
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + this.config.ttl.auth_code),
      active: true,
      redirectUri: request.redirectUriParameter,
      codeChallenge: request.codeChallenge,
    });
    return token;
  }

  private async idToken(
    request: AuthorizeRequest,
    grant: AuthorizeGrant,
    accessToken: string | undefined,
    code: string | undefined,
  ): Promise<string | undefined> {
    if (!request.responseTypes.includes('id_token')) return undefined;
    const oidc = grant.session.oidc;
    if (!oidc || !grant.grantedScope.includes('openid')) {
      // A hybrid response still carries its code; an implicit one would carry nothing.
      if (code) return undefined;
      throw new UnsupportedResponseTypeError().withHint(
        "The response_type 'id_token' requires the 'openid' scope to be granted.",
      );
    }
    return this.idTokens.issue({
      client: request.client,
      oidc,
      grant: 'implicit',
      accessToken,
      code,
    });
  }

  /** The consent may grant anything; the client may only receive what it registered. */
  private checkGrant(request: AuthorizeRequest, grant: AuthorizeGrant): void {
    const held = request.client.scope.split(' ').filter((scope) => scope !== '');
    const refused = this.scopes.firstRefused(held, grant.grantedScope);
    if (refused !== undefined) {
      throw new InvalidScopeError().withHint(
        `The OAuth 2.0 Client is not allowed to request scope '${refused}'.`,
      );
    }
    const refusedAudience = firstRefusedAudience(request.client.audience, grant.grantedAudience);
    if (refusedAudience !== undefined) {
      throw new InvalidRequestError().withHint(
        `Requested audience '${refusedAudience}' has not been whitelisted by the OAuth 2.0 Client.`,
      );
    }
  }
}

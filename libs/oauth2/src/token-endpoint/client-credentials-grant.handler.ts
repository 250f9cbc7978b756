import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import {
  Clock,
  InvalidRequestError,
  InvalidScopeError,
  nanosToMillis,
  parseGoDuration,
  UnauthorizedClientError,
} from '@tessera/kernel';
import { bindSession, tokenTypeOf } from '../dpop/dpop-binding';
import { certificateToBind } from '../mtls/certificate-binding';
import { firstRefusedAudience } from '../scopes/audience-strategy';
import { ScopeStrategy } from '../scopes/scope-strategy';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { AccessTokenStrategies } from '../tokens/access-token.strategies';
import { TokenHook } from '../grants/token-hook';
import { EMPTY_SESSION } from '../tokens/token-records';
import {
  type AccessRequest,
  requireGrantType,
  TokenEndpointHandler,
} from './token-endpoint.handler';
import { expiresIn, type TokenResponse } from './token-response';

/**
 * `grant_type=client_credentials` (RFC 6749 §4.4): a confidential client gets an access token for
 * itself (`sub` = client id), for scopes its registration allows (wildcard or exact strategy) and
 * audiences on its allow-list, with the claims the token hook adds. No refresh token (§4.4.3).
 * With a DPoP proof the token is bound to its key (RFC 9449 §5).
 */
@Injectable()
export class ClientCredentialsGrantHandler extends TokenEndpointHandler {
  readonly grantType = 'client_credentials';

  constructor(
    private readonly scopes: ScopeStrategy,
    private readonly issuer: AccessTokenIssuer,
    private readonly formats: AccessTokenStrategies,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
    private readonly hook: TokenHook,
  ) {
    super();
  }

  async handle(request: AccessRequest): Promise<TokenResponse> {
    const { client } = request;
    this.checkClient(client);
    const grantedScope = this.grantedScope(client, request.requestedScope);
    const refusedAudience = firstRefusedAudience(client.audience, request.requestedAudience);
    if (refusedAudience !== undefined) {
      throw new InvalidRequestError().withHint(
        `Requested audience '${refusedAudience}' has not been whitelisted by the OAuth 2.0 Client.`,
      );
    }
    const session = await this.hook.apply(EMPTY_SESSION, {
      clientId: client.client_id,
      grantType: this.grantType,
      requestedScope: request.requestedScope,
      grantedScope,
      grantedAudience: request.requestedAudience,
      subject: client.client_id,
      payload: request.form.fields,
    });
    const issued = await this.issuer.issue({
      clientId: client.client_id,
      subject: client.client_id,
      grantedScope,
      grantedAudience: request.requestedAudience,
      lifespanMs: this.lifespanMs(client),
      session: bindSession(session, request.dpop, certificateToBind(client, request.certificate)),
      format: this.formats.formatFor(client),
    });
    return {
      access_token: issued.token,
      expires_in: expiresIn(issued.expiresAt, this.clock.nowMs()),
      scope: grantedScope.join(' '),
      token_type: tokenTypeOf(request.dpop),
    };
  }

  private checkClient(client: OAuth2Client): void {
    if (client.token_endpoint_auth_method === 'none') {
      throw new UnauthorizedClientError().withHint(
        "The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'.",
      );
    }
    requireGrantType(client, this.grantType);
  }

  private grantedScope(client: OAuth2Client, requested: readonly string[]): string[] {
    const held = client.scope.split(' ').filter((scope) => scope !== '');
    if (requested.length === 0 && this.config.oauth2.client_credentials.default_grant_allowed_scope)
      return held;
    const refused = this.scopes.firstRefused(held, requested);
    if (refused !== undefined)
      throw new InvalidScopeError().withHint(
        `The OAuth 2.0 Client is not allowed to request scope '${refused}'.`,
      );
    return [...requested];
  }

  private lifespanMs(client: OAuth2Client): number {
    const own = client.client_credentials_grant_access_token_lifespan;
    const nanos = own ? parseGoDuration(own) : undefined;
    return nanos !== undefined ? nanosToMillis(nanos) : this.config.ttl.access_token;
  }
}

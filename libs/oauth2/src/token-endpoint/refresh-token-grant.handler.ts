import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { Transactions } from '@tessera/database';
import {
  Clock,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  ScopeNotGrantedError,
} from '@tessera/kernel';
import { checkRefreshBinding } from '../dpop/dpop-binding';
import { checkRefreshCertificate } from '../mtls/certificate-binding';
import { TokenSetIssuer, type UserGrant, wantsIdToken } from '../grants/token-set.issuer';
import { firstRefusedAudience } from '../scopes/audience-strategy';
import { ScopeStrategy } from '../scopes/scope-strategy';
import { AccessTokenStore } from '../tokens/access-token.store';
import { GrantTokenCodec } from '../tokens/grant-token.codec';
import { RefreshTokenStore } from '../tokens/grant-token.stores';
import { TokenFinder } from '../tokens/token-finder';
import { type RefreshTokenRecord, REUSE_DETECTION_MS } from '../tokens/token-records';
import {
  type AccessRequest,
  requireGrantType,
  requireParameter,
  TokenEndpointHandler,
} from './token-endpoint.handler';
import type { TokenResponse } from './token-response';

const invalidGrant = (hint: string) => new InvalidGrantError().withHint(hint);

/**
 * `grant_type=refresh_token` (RFC 6749 §6, hydra-compat §4.5). Refresh tokens rotate: each use
 * marks the token used and issues a new pair, in one transaction whose conditional update picks
 * a single winner among concurrent uses (the others are asked to retry). Presenting a used token
 * again — outside the configured grace period — revokes the whole grant chain (RFC 9700 §4.14.2).
 * Scope and audience are those of the original grant; `scope` in the request is ignored. A
 * refresh token issued with a DPoP proof needs one again (RFC 9449 §5, `checkRefreshBinding`), a
 * public client's certificate-bound one the same certificate (RFC 8705 §4).
 */
@Injectable()
export class RefreshTokenGrantHandler extends TokenEndpointHandler {
  readonly grantType = 'refresh_token' as const;

  constructor(
    private readonly refreshTokens: RefreshTokenStore,
    private readonly accessTokens: AccessTokenStore,
    private readonly grantTokens: GrantTokenCodec,
    private readonly tokens: TokenSetIssuer,
    private readonly finder: TokenFinder,
    private readonly scopes: ScopeStrategy,
    private readonly transactions: Transactions,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async handle(request: AccessRequest): Promise<TokenResponse> {
    const { client, form } = request;
    requireGrantType(client, this.grantType);
    const key = this.grantTokens.refreshTokenKey(requireParameter(form, 'refresh_token'));
    const record = key === undefined ? undefined : await this.refreshTokens.find(key);
    if (!record) throw invalidGrant('The refresh token is malformed or not valid.');
    // A token bound to a DPoP key is nothing without the key (RFC 9449 §5): checked before reuse
    // detection, so that a thief holding only a used token cannot end its owner's grant.
    checkRefreshBinding(record, client, request.dpop);
    checkRefreshCertificate(record, client, request.certificate);
    const graceful = !record.active && this.withinGracePeriod(record);
    if (!record.active && !graceful) {
      await this.finder.revokeChain(record.requestId);
      throw invalidGrant('The refresh token was already used.');
    }
    this.check(record, client);
    const grant = await this.tokens.continueGrant(this.grantType, client, record, {
      requestedScope: request.requestedScope,
      payload: form.fields,
      dpop: request.dpop,
      certificate: request.certificate,
    });
    const response = await this.transactions.run(() => this.rotate(record, grant, graceful));
    if (response) return response;
    throw new InvalidRequestError().withHint(
      'Failed to refresh token because of multiple concurrent requests using the same token. Please retry the request.',
    );
  }

  /** Uses the old token, drops the access tokens it no longer backs, mints the new set. */
  private async rotate(
    record: RefreshTokenRecord,
    grant: UserGrant,
    graceful: boolean,
  ): Promise<TokenResponse | undefined> {
    const now = this.clock.now();
    if (graceful) {
      await this.refreshTokens.recordReuse(record.key);
    } else {
      const retainUntil = new Date(
        now.getTime() + Math.max(REUSE_DETECTION_MS, this.gracePeriodMs()),
      );
      const outcome = await this.refreshTokens.consume(record.key, now, retainUntil);
      if (outcome !== 'consumed') return undefined;
    }
    // Strict rotation ends every access token of the chain; with a grace period, only the one
    // issued with this refresh token, so that the other holders of the chain keep working.
    if (this.gracePeriodMs() > 0) await this.accessTokens.delete(record.accessTokenKey);
    else await this.accessTokens.deleteByRequestId(record.requestId);
    return this.tokens.mint(grant, { refreshToken: true, idToken: wantsIdToken(grant) });
  }

  private check(record: RefreshTokenRecord, client: OAuth2Client): void {
    if (record.expiresAt.getTime() <= this.clock.nowMs())
      throw invalidGrant('The refresh token expired.');
    if (!record.grantedScope.some((scope) => /^offline(_access)?$/i.test(scope))) {
      throw new ScopeNotGrantedError().withHint(
        "The OAuth 2.0 Client was not granted scope offline or offline_access and may thus not perform the 'refresh_token' authorization grant.",
      );
    }
    if (record.clientId !== client.client_id) {
      throw invalidGrant(
        'The OAuth 2.0 Client ID from this request does not match the ID during the initial token issuance.',
      );
    }
    // The client's registration may have narrowed since the grant.
    const held = client.scope.split(' ').filter((scope) => scope !== '');
    const refused = this.scopes.firstRefused(held, record.grantedScope);
    if (refused !== undefined) {
      throw new InvalidScopeError().withHint(
        `The OAuth 2.0 Client is not allowed to request scope '${refused}'.`,
      );
    }
    const refusedAudience = firstRefusedAudience(client.audience, record.grantedAudience);
    if (refusedAudience !== undefined) {
      throw new InvalidRequestError().withHint(
        `Requested audience '${refusedAudience}' has not been whitelisted by the OAuth 2.0 Client.`,
      );
    }
  }

  /** Without a reuse limit the grace period is capped at five minutes, as in Hydra. */
  private gracePeriodMs(): number {
    const { rotation_grace_period: period, rotation_grace_reuse_count: limit } =
      this.config.oauth2.grant.refresh_token;
    return limit > 0 ? period : Math.min(period, 5 * 60_000);
  }

  /** `oauth2.grant.refresh_token.rotation_grace_period` / `rotation_grace_reuse_count`. */
  private withinGracePeriod(record: RefreshTokenRecord): boolean {
    const period = this.gracePeriodMs();
    if (period <= 0 || !record.usedAt) return false;
    if (record.usedAt.getTime() + period <= this.clock.nowMs()) return false;
    const limit = this.config.oauth2.grant.refresh_token.rotation_grace_reuse_count;
    return limit === 0 || record.usedTimes < limit;
  }
}

import { Injectable } from '@nestjs/common';
import { effectiveGrantTypes, type OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { ACCESS_TOKEN_KEY_SET, ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { Clock, nanosToMillis, parseGoDuration } from '@tessera/kernel';
import { bindSession, tokenTypeOf } from '../dpop/dpop-binding';
import type { DpopProof } from '../dpop/dpop-proof.verifier';
import { certificateToBind } from '../mtls/certificate-binding';
import { IdTokenIssuer } from '../oidc/id-token.issuer';
import { expiresIn, type TokenResponse } from '../token-endpoint/token-response';
import { AccessTokenIssuer } from '../tokens/access-token.issuer';
import { AccessTokenStrategies } from '../tokens/access-token.strategies';
import { GrantTokenCodec } from '../tokens/grant-token.codec';
import { RefreshTokenStore } from '../tokens/grant-token.stores';
import type { TokenRecord, TokenSession } from '../tokens/token-records';
import { TokenHook, type TokenHookContext } from './token-hook';

/** The grants that issue tokens to a user's client. */
export type UserGrantType = 'authorization_code' | 'refresh_token' | 'implicit';

/** Everything the tokens of one grant are made from. */
export interface UserGrant {
  readonly grantType: UserGrantType;
  readonly client: OAuth2Client;
  /** The grant chain: the consent request id. */
  readonly requestId: string;
  readonly subject: string;
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly session: TokenSession;
  /** The DPoP proof of the token request: the new tokens are bound to its key (RFC 9449 §5). */
  readonly dpop?: DpopProof;
  /** `x5t#S256` of the client certificate the new tokens are bound to (RFC 8705 §3). */
  readonly certificate?: string;
}

/** Which tokens to mint besides the access token. */
export interface TokenSetOptions {
  readonly refreshToken: boolean;
  readonly idToken: boolean;
  /** The authorization code issued alongside (hybrid flow), for the ID token's `c_hash`. */
  readonly code?: string;
}

/** A refresh token is issued for offline access (OIDC Core §11) to clients allowed to refresh. */
export function wantsRefreshToken(grant: Pick<UserGrant, 'client' | 'grantedScope'>): boolean {
  const offline = grant.grantedScope.some((scope) => /^offline(_access)?$/i.test(scope));
  return offline && effectiveGrantTypes(grant.client).includes('refresh_token');
}

/** An ID token is issued when the `openid` scope was granted (OIDC Core §3.1.2.1). */
export function wantsIdToken(grant: Pick<UserGrant, 'grantedScope' | 'session'>): boolean {
  return grant.grantedScope.includes('openid') && grant.session.oidc !== undefined;
}

/** "Never" (`ttl.refresh_token: -1`) is stored as a date a century away. */
const CENTURY_MS = 100 * 365 * 24 * 3_600_000;

/**
 * Mints the tokens of a user grant: an access token in the client's format, a refresh token for
 * offline access, and an ID token when `openid` was granted — each with the lifespan the client
 * sets for this grant, or the server's.
 */
@Injectable()
export class TokenSetIssuer {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly formats: AccessTokenStrategies,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly grantTokens: GrantTokenCodec,
    private readonly idTokens: IdTokenIssuer,
    private readonly hook: TokenHook,
    private readonly keys: JsonWebKeyManager,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes sure the signing keys the tokens need are loaded, so that minting inside a transaction
   * never waits for another connection (or creates a key set) while holding row locks.
   */
  async prepareKeys(client: OAuth2Client, idToken: boolean): Promise<void> {
    if (idToken) await this.keys.signingKey(ID_TOKEN_KEY_SET);
    if (this.formats.formatFor(client) === 'jwt') await this.keys.signingKey(ACCESS_TOKEN_KEY_SET);
  }

  /** The grant a code or refresh token stands for, prepared by `withHook`, for a new token set. */
  continueGrant(
    grantType: 'authorization_code' | 'refresh_token',
    client: OAuth2Client,
    record: TokenRecord,
    request: Pick<TokenHookContext, 'requestedScope' | 'payload'> & {
      dpop?: DpopProof;
      certificate?: string;
    },
  ): Promise<UserGrant> {
    const grant = {
      grantType,
      client,
      requestId: record.requestId,
      subject: record.subject,
      grantedScope: record.grantedScope,
      grantedAudience: record.grantedAudience,
      session: record.session,
      dpop: request.dpop,
      certificate: certificateToBind(client, request.certificate),
    };
    return this.withHook(grant, {
      requestedScope: request.requestedScope,
      payload: request.payload,
    });
  }

  /**
   * The grant with the session the token hook (hydra-compat §4.8) decided on, its signing keys
   * loaded: everything that may be slow, done before the transaction that mints.
   */
  async withHook(
    grant: UserGrant,
    request: Pick<TokenHookContext, 'requestedScope' | 'payload'>,
  ): Promise<UserGrant> {
    const session = await this.hook.apply(grant.session, {
      ...request,
      clientId: grant.client.client_id,
      grantType: grant.grantType,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      subject: grant.subject,
      consentRequestId: grant.requestId,
    });
    await this.prepareKeys(grant.client, wantsIdToken(grant));
    return { ...grant, session };
  }

  async mint(grant: UserGrant, options: TokenSetOptions): Promise<TokenResponse> {
    // RFC 9449 §5, RFC 8705 §3: every token of the set carries the proof's key and the
    // certificate, or none (a refreshed grant drops the binding of the token it came from).
    const session = bindSession(grant.session, grant.dpop, grant.certificate);
    const access = await this.accessTokens.issue({
      clientId: grant.client.client_id,
      subject: grant.subject,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      lifespanMs: this.lifespan(grant, 'access_token') ?? this.config.ttl.access_token,
      session,
      requestId: grant.requestId,
      format: this.formats.formatFor(grant.client),
    });
    const refresh = options.refreshToken
      ? await this.issueRefreshToken({ ...grant, session }, access.key)
      : undefined;
    const oidc = options.idToken ? grant.session.oidc : undefined;
    const idToken = oidc
      ? await this.idTokens.issue({
          client: grant.client,
          oidc,
          grant: grant.grantType,
          accessToken: access.token,
          code: options.code,
        })
      : undefined;
    return {
      access_token: access.token,
      expires_in: expiresIn(access.expiresAt, this.clock.nowMs()),
      scope: grant.grantedScope.join(' '),
      token_type: tokenTypeOf(grant.dpop),
      ...(refresh ? { refresh_token: refresh } : {}),
      ...(idToken ? { id_token: idToken } : {}),
    };
  }

  private async issueRefreshToken(grant: UserGrant, accessTokenKey: string): Promise<string> {
    const { token, signature } = this.grantTokens.mintRefreshToken();
    const requestedAt = this.clock.now();
    const lifespan = this.lifespan(grant, 'refresh_token') ?? this.config.ttl.refresh_token;
    await this.refreshTokens.create({
      key: signature,
      requestId: grant.requestId,
      clientId: grant.client.client_id,
      subject: grant.subject,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      session: grant.session,
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + (lifespan < 0 ? CENTURY_MS : lifespan)),
      active: true,
      usedTimes: 0,
      accessTokenKey,
    });
    return token;
  }

  /** The client's own lifespan of a token of this grant, in milliseconds. */
  private lifespan(grant: UserGrant, token: 'access_token' | 'refresh_token'): number | undefined {
    if (grant.grantType === 'implicit' && token === 'refresh_token') return undefined;
    const field = `${grant.grantType}_grant_${token}_lifespan` as const;
    const own = (grant.client as unknown as Record<string, string | null | undefined>)[field];
    const nanos = own ? parseGoDuration(own) : undefined;
    return nanos === undefined ? undefined : nanosToMillis(nanos);
  }
}

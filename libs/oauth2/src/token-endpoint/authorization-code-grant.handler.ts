import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { Transactions } from '@tessera/database';
import { Clock, InvalidGrantError } from '@tessera/kernel';
import { checkCodeBinding } from '../dpop/dpop-binding';
import { TokenSetIssuer, wantsIdToken, wantsRefreshToken } from '../grants/token-set.issuer';
import { GrantTokenCodec } from '../tokens/grant-token.codec';
import { AuthorizationCodeStore } from '../tokens/grant-token.stores';
import { checkCodeVerifier } from '../tokens/pkce';
import { TokenFinder } from '../tokens/token-finder';
import { type AuthorizationCodeRecord, REUSE_DETECTION_MS } from '../tokens/token-records';
import {
  type AccessRequest,
  requireGrantType,
  requireParameter,
  TokenEndpointHandler,
} from './token-endpoint.handler';
import type { TokenResponse } from './token-response';

const invalidGrant = (hint: string) => new InvalidGrantError().withHint(hint);
const ALREADY_USED = 'The authorization code has already been used.';

/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3): the code must be ours, unused, unexpired,
 * issued to this client for this `redirect_uri`, pass PKCE (RFC 7636) and, when requested with
 * `dpop_jkt`, come with a DPoP proof of that key (RFC 9449 §10). Using it and minting
 * the tokens is one transaction in which a conditional update decides races: of concurrent
 * exchanges exactly one succeeds. Any other use of a code revokes every token of its grant
 * (RFC 6749 §4.1.2, §10.5).
 */
@Injectable()
export class AuthorizationCodeGrantHandler extends TokenEndpointHandler {
  readonly grantType = 'authorization_code' as const;

  constructor(
    private readonly codes: AuthorizationCodeStore,
    private readonly grantTokens: GrantTokenCodec,
    private readonly tokens: TokenSetIssuer,
    private readonly finder: TokenFinder,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {
    super();
  }

  async handle(request: AccessRequest): Promise<TokenResponse> {
    const { client, form } = request;
    requireGrantType(client, this.grantType);
    const key = this.grantTokens.authorizationCodeKey(requireParameter(form, 'code'));
    const record = key === undefined ? undefined : await this.codes.find(key);
    if (key === undefined || !record) throw invalidGrant('The authorization code is not valid.');
    // RFC 9449 §10, before reuse detection and before the code is used: a code bound to a DPoP key
    // is nothing without the key, so neither a refused proof nor a used code replayed without the
    // key (leaked through a log or the history) can use it up or end its owner's grant.
    checkCodeBinding(record, request.dpop);
    await this.check(record, client, form.get('redirect_uri'), form.get('code_verifier'));
    const grant = await this.tokens.continueGrant(this.grantType, client, record, {
      requestedScope: request.requestedScope,
      payload: form.fields,
      dpop: request.dpop,
      certificate: request.certificate,
    });
    const retainUntil = new Date(this.clock.nowMs() + REUSE_DETECTION_MS);
    const response = await this.transactions.run(async () => {
      if ((await this.codes.consume(key, retainUntil)) !== 'consumed') return undefined;
      return this.tokens.mint(grant, {
        refreshToken: wantsRefreshToken(grant),
        idToken: wantsIdToken(grant),
      });
    });
    if (response) return response;
    // Another exchange of this code won the race: a reuse like any other.
    await this.finder.revokeChain(record.requestId);
    throw invalidGrant(ALREADY_USED);
  }

  private async check(
    record: AuthorizationCodeRecord,
    client: OAuth2Client,
    redirectUri: string | undefined,
    verifier: string | undefined,
  ): Promise<void> {
    if (!record.active) {
      await this.finder.revokeChain(record.requestId);
      throw invalidGrant(ALREADY_USED);
    }
    if (record.expiresAt.getTime() <= this.clock.nowMs())
      throw invalidGrant('The authorization code has expired.');
    if (record.clientId !== client.client_id) {
      throw invalidGrant(
        'The OAuth 2.0 Client ID from this request does not match the one from the authorize request.',
      );
    }
    // RFC 6749 §4.1.3: required, and identical, when the authorization request included it.
    if (record.redirectUri !== '' && redirectUri !== record.redirectUri) {
      throw invalidGrant(
        "The 'redirect_uri' from this request does not match the one from the authorize request.",
      );
    }
    checkCodeVerifier(record.codeChallenge, verifier);
  }
}

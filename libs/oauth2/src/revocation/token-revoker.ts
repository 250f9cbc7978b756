import type { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InvalidRequestError, UnauthorizedClientError } from '@tessera/kernel';
import { ClientAuthenticator } from '../client-auth/client-authenticator';
import { type FormFields, OAuthForm } from '../oauth-form';
import { TokenFinder } from '../tokens/token-finder';

/** A revocation request as the transport hands it over. */
export interface RevocationRequest {
  readonly fields: FormFields | undefined;
  readonly authorization?: string;
  /** The client certificate of the TLS connection, when mTLS is on (RFC 8705 §2). */
  readonly certificate?: X509Certificate;
}

/**
 * Token revocation (RFC 7009): the client authenticates, and revoking an access or refresh token
 * revokes every token of its grant chain. An unknown token is not an error (§2.2); a token of
 * another client is refused with `unauthorized_client` (§2.1).
 */
@Injectable()
export class TokenRevoker {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly tokens: TokenFinder,
  ) {}

  async revoke(request: RevocationRequest): Promise<void> {
    const form = OAuthForm.from(request.fields);
    const client = await this.authenticator.authenticate({
      form,
      authorization: request.authorization,
      certificate: request.certificate,
    });
    const token = form.get('token');
    if (token === undefined)
      throw new InvalidRequestError().withHint("The request parameter 'token' is missing.");
    const found = await this.tokens.find(token);
    if (!found) return;
    if (found.record.clientId !== client.client_id) {
      throw new UnauthorizedClientError().withHint(
        'The token was not issued to the client making the revocation request.',
      );
    }
    await this.tokens.revokeChain(found.record.requestId);
  }
}

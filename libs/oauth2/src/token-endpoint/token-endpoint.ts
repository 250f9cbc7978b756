import type { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { InvalidRequestError, Telemetry, UnsupportedGrantTypeError } from '@tessera/kernel';
import { ClientAuthenticator } from '../client-auth/client-authenticator';
import { checkDpopRequired } from '../dpop/dpop-binding';
import { type DpopProof, DpopProofVerifier } from '../dpop/dpop-proof.verifier';
import { certificateThumbprint, checkCertificatePresented } from '../mtls/certificate-binding';
import { type FormFields, OAuthForm, requestedAudience, splitSpaceList } from '../oauth-form';
import { TOKEN_ENDPOINT_HANDLERS, type TokenEndpointHandler } from './token-endpoint.handler';
import type { TokenResponse } from './token-response';

/** A token request as the transport hands it over: the decoded form body and the Authorization header. */
export interface TokenEndpointRequest {
  readonly fields: FormFields | undefined;
  readonly authorization?: string;
  /** Every value of the `DPoP` header field (RFC 9449 §4.1); absent when none was sent. */
  readonly dpop?: readonly string[];
  /** The client certificate of the TLS connection, when mTLS is on (RFC 8705). */
  readonly certificate?: X509Certificate;
}

/** Parameters that are lists by design and may repeat (Hydra's `audience`). */
const REPEATABLE = ['audience'];

/**
 * The token endpoint (RFC 6749 §3.2), free of HTTP: checks the parameters, picks the grant handler
 * for `grant_type` (unknown → `unsupported_grant_type`, RFC 6749 §5.2), checks a DPoP proof if one
 * was sent (RFC 9449 §5: for every grant, here once), authenticates the client, and lets the
 * handler issue the tokens — bound to the proof's key when there was one, and to the client
 * certificate when the client registered certificate-bound tokens (RFC 8705 §3).
 */
@Injectable()
export class TokenEndpoint {
  private readonly handlers: ReadonlyMap<string, TokenEndpointHandler>;

  constructor(
    @Inject(TOKEN_ENDPOINT_HANDLERS) handlers: TokenEndpointHandler[],
    private readonly authenticator: ClientAuthenticator,
    private readonly dpopProofs: DpopProofVerifier,
    private readonly telemetry: Telemetry,
    private readonly config: TesseraConfig,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.grantType, handler]));
  }

  /** The grant types some handler serves, for discovery. */
  grantTypes(): string[] {
    return [...this.handlers.keys()];
  }

  async exchange(request: TokenEndpointRequest): Promise<TokenResponse> {
    const form = OAuthForm.from(request.fields, REPEATABLE);
    const grantType = form.get('grant_type');
    if (grantType === undefined)
      throw new InvalidRequestError().withHint("Request parameter 'grant_type' is missing.");
    const handler = this.handlers.get(grantType);
    if (!handler) {
      throw new UnsupportedGrantTypeError().withHint(
        `The grant type '${grantType}' is not supported by this server.`,
      );
    }
    // RFC 9449 §5: a request without a `DPoP` header costs nothing more. The proof goes first: a
    // request refused for it (say, `use_dpop_nonce`, which a client answers by retrying) must not
    // have spent a client assertion's one-time `jti`, nor a password hash.
    const dpop = request.dpop === undefined ? undefined : await this.dpopProof(request.dpop);
    const client = await this.authenticator.authenticate({
      form,
      authorization: request.authorization,
      certificate: request.certificate,
    });
    checkDpopRequired(this.config.oauth2.dpop, client, dpop);
    const certificate = request.certificate && certificateThumbprint(request.certificate);
    checkCertificatePresented(client, certificate);
    const response = await handler.handle({
      grantType,
      form,
      client,
      requestedScope: splitSpaceList(form.get('scope')),
      requestedAudience: requestedAudience(form),
      dpop,
      certificate,
    });
    this.telemetry.tokenIssued(grantType);
    return response;
  }

  /** The proof of a token request, which is always a POST (RFC 6749 §3.2). */
  private dpopProof(proofs: readonly string[]): Promise<DpopProof> {
    return this.dpopProofs.verify({ proofs, method: 'POST', endpoint: 'token' });
  }
}

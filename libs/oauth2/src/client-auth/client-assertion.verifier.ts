import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, errors, type JWTVerifyGetKey } from 'jose';
import { type OAuth2Client } from '@tessera/clients';
import { joinUrl, TesseraConfig } from '@tessera/config';
import { InvalidClientError, InvalidRequestError } from '@tessera/kernel';
import { ClientKeySets } from './client-key-sets';
import { JtiStore } from './jti.store';
import { jwtVerifyWithKeySet } from './key-set-verification';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** JWS algorithms of client assertions: RFC 7518 §3.3–§3.5 (no HMAC, as Hydra). */
export const ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];
/** Clocks drift; RFC 7523 §3 allows "some small leeway". */
const CLOCK_TOLERANCE_SECONDS = 5;

const invalidClient = (hint: string) => new InvalidClientError().withHint(hint);

/**
 * `private_key_jwt` client authentication (RFC 7523 §2.2, OIDC Core §9): the assertion must be
 * signed with one of the client's keys (`jwks` or `jwks_uri`) using its registered algorithm
 * (RS256 unless registered otherwise), with `iss` = `sub` = client id, an `aud` naming this
 * server (the token endpoint URL or the issuer), an `exp`, and a `jti` not seen before.
 */
@Injectable()
export class ClientAssertionVerifier {
  private readonly audiences: string[];

  constructor(
    config: TesseraConfig,
    private readonly jtis: JtiStore,
    private readonly keySets: ClientKeySets,
  ) {
    const issuer = config.urls.self.issuer;
    this.audiences = [
      ...new Set([config.publicUrl('/oauth2/token'), joinUrl(issuer, '/oauth2/token'), issuer]),
    ];
  }

  /** The client the assertion claims to come from: form `client_id`, else the `sub` claim. */
  claimedClientId(assertion: string, formClientId: string | undefined): string {
    if (formClientId) return formClientId;
    try {
      const sub = decodeJwt(assertion).sub;
      if (typeof sub === 'string' && sub !== '') return sub;
    } catch {
      // fall through
    }
    throw invalidClient("The claim 'sub' from the client_assertion JSON Web Token is undefined.");
  }

  async verify(client: OAuth2Client, assertion: string): Promise<void> {
    const alg = this.checkAlgorithm(client, assertion);
    const keys = this.keySet(client);
    let payload;
    try {
      ({ payload } = await jwtVerifyWithKeySet(assertion, keys, {
        algorithms: [alg],
        issuer: client.client_id,
        subject: client.client_id,
        audience: this.audiences,
        requiredClaims: ['exp', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw this.explain(error);
    }
    // The jti is remembered until `exp`, which must be a date at all (RFC 7523 §3 item 4 lets a
    // server refuse an `exp` unreasonably far in the future; 1e300 is past any date).
    const expiresAt = new Date((payload.exp as number) * 1000);
    if (Number.isNaN(expiresAt.getTime()))
      throw invalidClient("The 'client_assertion' expires too far in the future.");
    const key = createHash('sha256')
      .update(`${client.client_id}\0${String(payload.jti)}`)
      .digest('hex');
    if (!(await this.jtis.consume(key, expiresAt))) {
      throw invalidClient("Claim 'jti' from 'client_assertion' MUST only be used once.");
    }
  }

  private checkAlgorithm(client: OAuth2Client, assertion: string): string {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      throw invalidClient("Unable to verify the integrity of the 'client_assertion' value.");
    }
    if (alg?.startsWith('HS')) {
      throw invalidClient(
        "This authorization server does not support client authentication method 'client_secret_jwt'.",
      );
    }
    if (!alg || !ASSERTION_ALGORITHMS.includes(alg)) {
      throw invalidClient(
        `The 'client_assertion' request parameter uses unsupported signing algorithm '${alg ?? ''}'.`,
      );
    }
    const registered = client.token_endpoint_auth_signing_alg || 'RS256';
    if (alg !== registered) {
      throw invalidClient(
        `The 'client_assertion' uses signing algorithm '${alg}' but the requested OAuth 2.0 Client enforces signing algorithm '${registered}'.`,
      );
    }
    return alg;
  }

  private keySet(client: OAuth2Client): JWTVerifyGetKey {
    const keys = this.keySets.of(client);
    if (keys) return keys;
    throw invalidClient(
      'The OAuth 2.0 Client has no JSON Web Keys set registered, but they are needed to complete the request.',
    );
  }

  private explain(error: unknown): Error {
    if (error instanceof errors.JWTExpired)
      return invalidClient("The 'client_assertion' has expired.");
    if (error instanceof errors.JWTClaimValidationFailed) {
      return invalidClient(
        `Claim '${error.claim}' from 'client_assertion' is invalid: ${error.reason}.`,
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return invalidClient(
        'No key of the OAuth 2.0 Client matches the one that signed the client_assertion.',
      );
    }
    if (
      error instanceof errors.JWKSTimeout ||
      (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')
    ) {
      return new InvalidRequestError().withHint(
        "The client's JSON Web Key Set could not be fetched.",
      );
    }
    return invalidClient("Unable to verify the integrity of the 'client_assertion' value.");
  }
}

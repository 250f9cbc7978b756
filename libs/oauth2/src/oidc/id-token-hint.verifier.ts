import { Injectable } from '@nestjs/common';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { Clock, InvalidRequestError } from '@tessera/kernel';

/** Clocks of replicas drift a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * `id_token_hint` (OIDC Core §3.1.2.1, RP-Initiated Logout §2): an ID token this server issued,
 * verified against every key of `hydra.openid.id-token` (a key rotation does not break hints) and
 * accepted although expired, as both specifications allow. Returns its claims.
 */
@Injectable()
export class IdTokenHintVerifier {
  constructor(
    private readonly keys: JsonWebKeyManager,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async verify(hint: string): Promise<Record<string, unknown>> {
    const keys = await this.keys.publicKeys([ID_TOKEN_KEY_SET]);
    let claims: Record<string, unknown>;
    let typ: string | undefined;
    try {
      const verified = await compactVerify(hint, createLocalJWKSet({ keys: keys as JWK[] }));
      claims = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
      typ = verified.protectedHeader.typ;
    } catch {
      throw invalid('The id_token_hint is not an ID token issued by this server.');
    }
    // The same key signs back-channel logout tokens (OIDC Back-Channel Logout §2.4): not ID tokens.
    if (
      typeof claims !== 'object' ||
      claims === null ||
      Array.isArray(claims) ||
      typ === 'logout+jwt' ||
      'events' in claims
    )
      throw invalid('The id_token_hint is not an ID token issued by this server.');
    if (claims.iss !== this.config.urls.self.issuer) {
      throw invalid(
        `The issuer claim value '${String(claims.iss)}' of the id_token_hint does not match the issuer '${this.config.urls.self.issuer}'.`,
      );
    }
    const now = Math.floor(this.clock.nowMs() / 1000);
    if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_TOLERANCE_SECONDS)
      throw invalid('The id_token_hint was issued in the future.');
    if (typeof claims.sub !== 'string' || claims.sub === '')
      throw invalid('The id_token_hint does not have a subject.');
    return claims;
  }
}

function invalid(hint: string): InvalidRequestError {
  return new InvalidRequestError().withHint(hint);
}

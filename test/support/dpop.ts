import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

/** A client's DPoP key pair, making proofs as RFC 9449 §4.2 describes. */
export class DpopKey {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
    readonly jkt: string,
  ) {}

  static async create(): Promise<DpopKey> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    return new DpopKey(privateKey, jwk, await calculateJwkThumbprint(jwk, 'sha256'));
  }

  proof(htm: string, htu: string, claims: JWTPayload = {}): Promise<string> {
    return new SignJWT({
      jti: randomUUID(),
      htm,
      htu,
      iat: Math.floor(Date.now() / 1000),
      ...claims,
    })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk })
      .sign(this.privateKey);
  }
}

/** RFC 9449 §4.2 `ath`: the base64url SHA-256 hash of an access token. */
export const ath = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

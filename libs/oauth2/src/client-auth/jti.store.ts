/**
 * Replay protection for client assertions (RFC 7523 §3 item 7) and DPoP proofs (RFC 9449 §11.1):
 * a `jti` is accepted once until the assertion or proof expires. Implementations: TypeORM and the
 * in-memory twin in `@tessera/testing`.
 */
export abstract class JtiStore {
  /** Records the key; false when it was recorded before and has not expired. */
  abstract consume(key: string, expiresAt: Date): Promise<boolean>;
}

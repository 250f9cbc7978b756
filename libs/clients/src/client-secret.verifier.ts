import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, setBounded } from '@tessera/kernel';
import { ClientSecretHasher } from './client-secret.hasher';
import type { OAuth2Client } from './oauth2-client';

/** How long a verified secret is remembered; PBKDF2 runs again after that. */
export const VERIFIED_SECRET_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface VerifiedSecret {
  readonly version: number;
  readonly digest: Buffer;
  readonly expiresAt: number;
}

/**
 * Checks a client's secret (DESIGN §5). Password hashing is deliberately slow, so a successful
 * check is remembered for a short time as an HMAC of the secret under a per-process random key,
 * tied to the client's version: the next check of the same secret costs one HMAC. Because the
 * client row is read on every request, an updated or deleted client never passes with an old
 * secret, on any replica. Concurrent checks of the same secret share one hash computation.
 */
@Injectable()
export class ClientSecretVerifier {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, VerifiedSecret>();
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly hasher: ClientSecretHasher,
    private readonly clock: Clock,
  ) {}

  async verify(client: OAuth2Client, secret: string): Promise<boolean> {
    if (client.client_secret_hash === '') return false;
    const digest = createHmac('sha256', this.key)
      .update(client.client_id)
      .update('\0')
      .update(secret)
      .digest();
    const remembered = this.verified.get(client.client_id);
    if (
      remembered &&
      remembered.version === client.version &&
      remembered.expiresAt > this.clock.nowMs()
    ) {
      if (timingSafeEqual(remembered.digest, digest)) return true;
    }
    const flight = `${client.client_id}\0${client.version}\0${digest.toString('base64')}`;
    let check = this.pending.get(flight);
    if (!check) {
      check = this.hasher
        .verify(secret, client.client_secret_hash)
        .finally(() => this.pending.delete(flight));
      this.pending.set(flight, check);
    }
    const valid = await check;
    if (valid) this.remember(client, digest);
    return valid;
  }

  private remember(client: OAuth2Client, digest: Buffer): void {
    this.verified.delete(client.client_id);
    const expiresAt = this.clock.nowMs() + VERIFIED_SECRET_TTL_MS;
    setBounded(
      this.verified,
      client.client_id,
      { version: client.version, digest, expiresAt },
      MAX_ENTRIES,
    );
  }
}

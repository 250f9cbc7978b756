import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Clock } from '@tessera/kernel';

/** Binds the derived key to this one use of the system secrets (RFC 5869 §3.2 `info`). */
const PURPOSE = 'tessera/dpop-nonce';
const KEY_BYTES = 32;

/** The nonces of one time window: the one handed out, and every one accepted during it. */
interface NonceWindow {
  readonly index: number;
  readonly current: string;
  readonly accepted: readonly Buffer[];
}

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9), derived without any state so that every replica
 * hands out and accepts the same ones: time is cut into windows of `oauth2.dpop.nonce.lifetime`,
 * and the nonce of window `i` is base64url(HMAC-SHA-256(key, i as 64-bit big-endian)). The key is
 * HKDF-SHA-256 (RFC 5869) of SHA-256 of a system secret (the derivation of the token codec and
 * the AEAD) with a purpose label, so it is used for nothing else. The first secret makes nonces;
 * those of every listed secret are accepted (rotation). A nonce is accepted during its own window
 * and the next; the next window's nonce too, so replicas whose clocks differ agree.
 */
@Injectable()
export class DpopNonceCodec {
  /** `oauth2.dpop.nonce.enabled`: proofs must carry a nonce this server provided. */
  readonly required: boolean;
  private readonly keys: readonly Buffer[];
  private readonly lifetimeMs: number;
  private window: NonceWindow | undefined;

  constructor(
    config: TesseraConfig,
    private readonly clock: Clock,
  ) {
    this.required = config.oauth2.dpop.nonce.enabled;
    this.keys = config.secrets.system.map(nonceKey);
    this.lifetimeMs = config.oauth2.dpop.nonce.lifetime;
  }

  /** §8.1, §9: the nonce to hand out now, made with the first system secret. */
  current(): string {
    return this.now().current;
  }

  /** §8.2: the nonce a response to a DPoP request carries, when nonces are required. */
  advertised(): string | undefined {
    return this.required ? this.current() : undefined;
  }

  /** §4.3 check 10: `nonce` is one this server provided, still valid, under any listed secret. */
  accepts(nonce: string): boolean {
    const given = Buffer.from(nonce, 'utf8');
    let found = false;
    for (const candidate of this.now().accepted)
      if (candidate.length === given.length && timingSafeEqual(candidate, given)) found = true;
    return found;
  }

  private now(): NonceWindow {
    const index = Math.floor(this.clock.nowMs() / this.lifetimeMs);
    if (this.window?.index !== index) this.window = this.derive(index);
    return this.window;
  }

  private derive(index: number): NonceWindow {
    const accepted = [index - 1, index, index + 1].flatMap((window) =>
      this.keys.map((key) => Buffer.from(nonceOf(key, window), 'utf8')),
    );
    return { index, current: nonceOf(this.keys[0], index), accepted };
  }
}

function nonceKey(secret: string): Buffer {
  const base = createHash('sha256').update(secret).digest();
  return Buffer.from(hkdfSync('sha256', base, Buffer.alloc(0), PURPOSE, KEY_BYTES));
}

function nonceOf(key: Buffer, window: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigInt64BE(BigInt(window));
  return createHmac('sha256', key).update(counter).digest('base64url');
}

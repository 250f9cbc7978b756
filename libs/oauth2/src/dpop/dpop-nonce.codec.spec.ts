import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { Clock } from '@tessera/kernel';
import { DpopNonceCodec } from './dpop-nonce.codec';

const LIFETIME_MS = 300_000;
const START_MS = 1_800_000_000_000;
const OLD_SECRET = 'a-long-enough-system-secret';
const NEW_SECRET = 'another-long-enough-system-secret';

class SettableClock extends Clock {
  constructor(public ms = START_MS) {
    super();
  }

  now(): Date {
    return new Date(this.ms);
  }
}

function codec(secrets: string, clock: Clock, enabled = true): DpopNonceCodec {
  const { config } = loadConfig({
    env: {
      DSN: 'memory',
      SECRETS_SYSTEM: secrets,
      OAUTH2_DPOP_NONCE_ENABLED: String(enabled),
      OAUTH2_DPOP_NONCE_LIFETIME: '5m',
    },
    flags: { dev: true },
  });
  return new DpopNonceCodec(config, clock);
}

describe('DpopNonceCodec (RFC 9449 §8, §9)', () => {
  it('hands out one base64url nonce per window, the same on every replica', () => {
    const clock = new SettableClock();
    const nonces = codec(OLD_SECRET, clock);
    const first = nonces.current();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codec(OLD_SECRET, new SettableClock()).current()).toBe(first);
    clock.ms += LIFETIME_MS;
    expect(nonces.current()).not.toBe(first);
  });

  it('accepts the nonce of the current and the previous window, and refuses older ones', () => {
    const clock = new SettableClock();
    const nonces = codec(OLD_SECRET, clock);
    const issued = nonces.current();
    expect(nonces.accepts(issued)).toBe(true);
    clock.ms += LIFETIME_MS;
    expect(nonces.accepts(issued)).toBe(true);
    clock.ms += LIFETIME_MS;
    expect(nonces.accepts(issued)).toBe(false);
  });

  it("accepts the next window's nonce (a replica whose clock runs ahead), not one further", () => {
    const ahead = new SettableClock(START_MS + LIFETIME_MS);
    const further = new SettableClock(START_MS + 2 * LIFETIME_MS);
    const here = codec(OLD_SECRET, new SettableClock());
    expect(here.accepts(codec(OLD_SECRET, ahead).current())).toBe(true);
    expect(here.accepts(codec(OLD_SECRET, further).current())).toBe(false);
  });

  it('accepts nonces of every listed secret and makes new ones with the first (rotation)', () => {
    const before = codec(OLD_SECRET, new SettableClock());
    const rotated = codec(`${NEW_SECRET},${OLD_SECRET}`, new SettableClock());
    expect(rotated.accepts(before.current())).toBe(true);
    expect(rotated.current()).not.toBe(before.current());
    expect(before.accepts(rotated.current())).toBe(false);
    expect(codec(NEW_SECRET, new SettableClock()).accepts(before.current())).toBe(false);
  });

  it('refuses tampered, truncated, extended and foreign nonces', () => {
    const nonces = codec(OLD_SECRET, new SettableClock());
    const issued = nonces.current();
    const flipped = `${issued.slice(0, 10)}${issued[10] === 'A' ? 'B' : 'A'}${issued.slice(11)}`;
    for (const nonce of [flipped, issued.slice(0, -1), `${issued}A`, '', 'x'.repeat(43)])
      expect(nonces.accepts(nonce), nonce).toBe(false);
  });

  it('advertises a nonce only when nonces are required', () => {
    expect(codec(OLD_SECRET, new SettableClock()).advertised()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const off = codec(OLD_SECRET, new SettableClock(), false);
    expect(off.required).toBe(false);
    expect(off.advertised()).toBeUndefined();
  });
});

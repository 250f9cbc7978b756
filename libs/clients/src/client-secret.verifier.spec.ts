import { describe, expect, it, vi } from 'vitest';
import { Clock } from '@tessera/kernel';
import type { TesseraConfig } from '@tessera/config';
import { ClientSecretHasher } from './client-secret.hasher';
import { ClientSecretVerifier, VERIFIED_SECRET_TTL_MS } from './client-secret.verifier';
import type { OAuth2Client } from './oauth2-client';

class TestClock extends Clock {
  ms = 1_000_000;
  now(): Date {
    return new Date(this.ms);
  }
}

async function setup() {
  const config = {
    oauth2: { hashers: { algorithm: 'pbkdf2', pbkdf2: { iterations: 10 }, bcrypt: { cost: 4 } } },
  } as unknown as TesseraConfig;
  const hasher = new ClientSecretHasher(config);
  const clock = new TestClock();
  const verifier = new ClientSecretVerifier(hasher, clock);
  const client = {
    client_id: 'c',
    version: 1,
    client_secret_hash: await hasher.hash('right-secret'),
  } as OAuth2Client;
  const hashing = vi.spyOn(hasher, 'verify');
  return { verifier, client, clock, hashing, hasher };
}

describe('ClientSecretVerifier', () => {
  it('hashes once, then remembers a verified secret', async () => {
    const { verifier, client, hashing } = await setup();
    expect(await verifier.verify(client, 'right-secret')).toBe(true);
    expect(await verifier.verify(client, 'right-secret')).toBe(true);
    expect(hashing).toHaveBeenCalledTimes(1);
  });

  it('never remembers a wrong secret, and a wrong secret never matches a remembered one', async () => {
    const { verifier, client, hashing } = await setup();
    expect(await verifier.verify(client, 'wrong')).toBe(false);
    await verifier.verify(client, 'right-secret');
    expect(await verifier.verify(client, 'wrong')).toBe(false);
    expect(hashing).toHaveBeenCalledTimes(3);
  });

  it('forgets on a new client version, so an old secret fails after the client changes', async () => {
    const { verifier, client, hasher } = await setup();
    await verifier.verify(client, 'right-secret');
    const updated = { ...client, version: 2, client_secret_hash: await hasher.hash('new-secret') };
    expect(await verifier.verify(updated, 'right-secret')).toBe(false);
    expect(await verifier.verify(updated, 'new-secret')).toBe(true);
  });

  it('forgets after its lifetime and for a client without a secret', async () => {
    const { verifier, client, clock, hashing } = await setup();
    await verifier.verify(client, 'right-secret');
    clock.ms += VERIFIED_SECRET_TTL_MS + 1;
    await verifier.verify(client, 'right-secret');
    expect(hashing).toHaveBeenCalledTimes(2);
    expect(await verifier.verify({ ...client, client_secret_hash: '' }, '')).toBe(false);
  });

  it('shares one hash computation between concurrent checks of the same secret', async () => {
    const { verifier, client, hashing } = await setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => verifier.verify(client, 'right-secret')),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(hashing).toHaveBeenCalledTimes(1);
  });
});

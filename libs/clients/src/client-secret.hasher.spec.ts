import { describe, expect, it } from 'vitest';
import { type TesseraConfig } from '@tessera/config';
import { ClientSecretHasher } from './client-secret.hasher';

function hasher(algorithm: 'pbkdf2' | 'bcrypt', iterations = 1000): ClientSecretHasher {
  const config = {
    oauth2: { hashers: { algorithm, pbkdf2: { iterations }, bcrypt: { cost: 4 } } },
  } as unknown as TesseraConfig;
  return new ClientSecretHasher(config);
}

describe('ClientSecretHasher', () => {
  it("writes PBKDF2-SHA256 in Hydra's encoding and verifies it", async () => {
    const hash = await hasher('pbkdf2').hash('some-secret');
    expect(hash).toMatch(/^\$pbkdf2-sha256\$i=1000,l=32\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher('pbkdf2').verify('some-secret', hash)).toBe(true);
    expect(await hasher('pbkdf2').verify('other-secret', hash)).toBe(false);
  });

  it('verifies hashes made elsewhere (an independent PBKDF2, a bcrypt test vector), whatever the configured algorithm', async () => {
    const sha256 =
      '$pbkdf2-sha256$i=25000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$1GoiMuBcXy8qbAMfoJwCEhv22ED1uPdedCM4iINRKFM';
    const sha512 =
      '$pbkdf2-sha512$i=1000,l=64$MDEyMzQ1Njc4OWFiY2RlZg$9r5HnKM8VwqlqbXUqdHHFTJDYl8o6mgc0RIYTo9lhyIh7NtNR70sPjzCtNO4KvMhhMw0OPkDTetyufD4vGdY4g';
    const bcrypt = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
    expect(await hasher('bcrypt').verify('some-secret', sha256)).toBe(true);
    expect(await hasher('bcrypt').verify('some-secret', sha512)).toBe(true);
    expect(await hasher('pbkdf2').verify('U*U', bcrypt)).toBe(true);
    expect(await hasher('pbkdf2').verify('U*V', bcrypt)).toBe(false);
  });

  it('writes bcrypt when configured', async () => {
    const hash = await hasher('bcrypt').hash('some-secret');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await hasher('pbkdf2').verify('some-secret', hash)).toBe(true);
  });

  it('never accepts an empty, unknown or malformed hash', async () => {
    for (const hash of [
      '',
      'plain',
      '$argon2id$v=19$x',
      '$pbkdf2-sha256$i=0,l=32$AA$AA',
      '$pbkdf2-sha256$broken',
      '$pbkdf2-sha256$i=1,l=32$$',
    ]) {
      expect(await hasher('pbkdf2').verify('', hash)).toBe(false);
    }
  });
});

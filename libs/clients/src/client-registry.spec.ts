import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InvalidClientMetadataError,
  NotFoundError,
  SystemClock,
} from '@tessera/kernel';
import { loadConfig } from '@tessera/config';
import { ClientMetadataValidator } from './client-metadata.validator';
import { ClientRegistry } from './client-registry';
import { ClientSecretHasher } from './client-secret.hasher';
import { ClientStore, type UpdateOutcome } from './client.store';
import type { OAuth2Client } from './oauth2-client';
import { SectorIdentifierFetcher } from './sector-identifier.fetcher';

/** A store that loses the race `conflicts` times before letting an update through. */
class RacingStore extends ClientStore {
  readonly rows = new Map<string, OAuth2Client>();
  updates = 0;
  constructor(private conflicts: number) {
    super();
  }
  async insert(client: OAuth2Client) {
    this.rows.set(client.client_id, client);
  }
  async findById(id: string) {
    return this.rows.get(id);
  }
  async update(client: OAuth2Client, expected: number): Promise<UpdateOutcome> {
    this.updates++;
    if (this.conflicts > 0) {
      this.conflicts--;
      const current = this.rows.get(client.client_id)!;
      this.rows.set(client.client_id, {
        ...current,
        owner: `concurrent-${this.updates}`,
        version: current.version + 1,
      });
      return 'conflict';
    }
    if (this.rows.get(client.client_id)?.version !== expected) return 'conflict';
    this.rows.set(client.client_id, client);
    return 'updated';
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
  async list() {
    return { items: [...this.rows.values()] };
  }
}

function registry(store: ClientStore): ClientRegistry {
  const { config } = loadConfig({
    env: {
      DSN: 'memory',
      SECRETS_SYSTEM: 'a-long-enough-system-secret',
      OAUTH2_HASHERS_PBKDF2_ITERATIONS: '10',
    },
    flags: { dev: true },
  });
  return new ClientRegistry(
    store,
    new ClientMetadataValidator(config, new SectorIdentifierFetcher(config)),
    new ClientSecretHasher(config),
    new SystemClock(),
    config,
  );
}

describe('ClientRegistry', () => {
  it('re-applies a patch to the fresh client after losing a race, so no concurrent write is lost', async () => {
    const store = new RacingStore(1);
    const clients = registry(store);
    await clients.create({ client_id: 'raced' });
    const { client } = await clients.patch('raced', [
      { op: 'replace', path: '/client_name', value: 'mine' },
    ]);
    expect(client.client_name).toBe('mine');
    expect(client.owner).toBe('concurrent-1');
    expect(store.updates).toBe(2);
  });

  it('gives up with 409 when it keeps losing', async () => {
    const store = new RacingStore(10);
    const clients = registry(store);
    await clients.create({ client_id: 'always-raced' });
    await expect(clients.replace('always-raced', {})).rejects.toBeInstanceOf(ConflictError);
  });

  it('generates a secret when a client switches to secret authentication without one', async () => {
    const clients = registry(new RacingStore(0));
    const created = await clients.create({
      client_id: 'switch',
      token_endpoint_auth_method: 'none',
    });
    expect(created.secret).toBeUndefined();
    const switched = await clients.replace('switch', {
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(switched.secret).toMatch(/^[A-Za-z0-9._~-]{26}$/);
    expect(switched.client.client_secret_hash).not.toBe('');
  });

  // RFC 8705 §2: the certificate is the credential; like a public client, no secret beside it.
  describe.each([
    { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'a.example' },
    { token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks_uri: 'https://a.example/k' },
  ])('with $token_endpoint_auth_method', (mtls) => {
    it('generates no secret and refuses a supplied one', async () => {
      const clients = registry(new RacingStore(0));
      const created = await clients.create({ client_id: 'mtls', ...mtls });
      expect(created.secret).toBeUndefined();
      expect(created.client.client_secret_hash).toBe('');
      await expect(
        clients.create({ client_id: 'mtls-secret', client_secret: 'a-good-secret', ...mtls }),
      ).rejects.toBeInstanceOf(InvalidClientMetadataError);
      await expect(
        clients.patch('mtls', [{ op: 'add', path: '/client_secret', value: 'a-good-secret' }]),
      ).rejects.toBeInstanceOf(InvalidClientMetadataError);
    });

    it('drops the secret of a client that switches to it', async () => {
      const clients = registry(new RacingStore(0));
      const created = await clients.create({ client_id: 'to-mtls' });
      expect(created.client.client_secret_hash).not.toBe('');
      const switched = await clients.replace('to-mtls', mtls);
      expect(switched.secret).toBeUndefined();
      expect(switched.client.client_secret_hash).toBe('');
    });
  });

  it('answers NotFoundError for unknown ids', async () => {
    const clients = registry(new RacingStore(0));
    await expect(clients.get('x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(clients.delete('x')).rejects.toBeInstanceOf(NotFoundError);
    await expect(clients.setLifespans('x', {})).rejects.toBeInstanceOf(NotFoundError);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { toClientJson } from './client-json';
import { ClientMetadataValidator } from './client-metadata.validator';
import { type OAuth2Client, TLS_CLIENT_AUTH_FIELDS } from './oauth2-client';
import type { OAuth2ClientDto } from './oauth2-client.dto';
import { SectorIdentifierFetcher } from './sector-identifier.fetcher';

async function client(input: OAuth2ClientDto): Promise<OAuth2Client> {
  const { config } = loadConfig({
    env: { DSN: 'memory', SECRETS_SYSTEM: 'a-long-enough-system-secret' },
    flags: { dev: true },
  });
  const metadata = await new ClientMetadataValidator(
    config,
    new SectorIdentifierFetcher(config),
  ).validate(input);
  const now = new Date('2030-01-01T00:00:00Z');
  return {
    ...metadata,
    client_id: 'c',
    client_secret_hash: '',
    registration_access_token_signature: '',
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

const MTLS_KEYS = [...TLS_CLIENT_AUTH_FIELDS, 'tls_client_certificate_bound_access_tokens'];

describe('toClientJson: RFC 8705 metadata', () => {
  it('leaves the mutual-TLS members out of an ordinary client, which stays Hydra-shaped', async () => {
    const json = toClientJson(await client({}));
    for (const key of MTLS_KEYS) expect(json).not.toHaveProperty(key);
  });

  it('sends the registered identity and bound tokens, and nothing unset', async () => {
    const json = toClientJson(
      await client({
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_san_uri: 'urn:example:a',
        tls_client_certificate_bound_access_tokens: true,
      }),
    );
    expect(json).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_san_uri: 'urn:example:a',
      tls_client_certificate_bound_access_tokens: true,
    });
    expect(Object.keys(json).filter((key) => MTLS_KEYS.includes(key))).toEqual([
      'tls_client_auth_san_uri',
      'tls_client_certificate_bound_access_tokens',
    ]);
  });
});

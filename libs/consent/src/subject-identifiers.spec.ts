import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OAuth2Client } from '@tessera/clients';
import { loadConfig } from '@tessera/config';
import { SubjectIdentifiers } from './subject-identifiers';

function identifiers(types: string): SubjectIdentifiers {
  const { config } = loadConfig(
    {
      env: {
        DSN: 'memory',
        SECRETS_SYSTEM: 'system-secret-0123456789',
        OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: types,
        OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'salt-1234',
      },
      flags: { dev: true },
    },
    { dsn: true, secrets: true, issuer: true },
  );
  return new SubjectIdentifiers(config);
}

const client = (overrides: Partial<OAuth2Client>) =>
  ({
    client_id: 'c',
    subject_type: 'pairwise',
    sector_identifier_uri: '',
    redirect_uris: ['https://app.example:8443/cb'],
    ...overrides,
  }) as OAuth2Client;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('subject identifiers (OIDC Core §8)', () => {
  const subjects = identifiers('public,pairwise');

  it('leaves public clients the subject', () => {
    expect(subjects.forClient(client({ subject_type: 'public' }), 'alice')).toBe('alice');
  });

  it("hashes the sector (Hydra's: the whole sector_identifier_uri, else the redirect URI's host), subject and salt", () => {
    expect(subjects.forClient(client({}), 'alice')).toBe(sha('app.example:8443alicesalt-1234'));
    expect(
      subjects.forClient(client({ sector_identifier_uri: 'https://s.example/ids.json' }), 'alice'),
    ).toBe(sha('https://s.example/ids.jsonalicesalt-1234'));
    expect(subjects.forClient(client({}), 'alice', 'forced')).toBe('forced');
  });

  it('refuses a pairwise client without a single sector, or a server without pairwise', () => {
    expect(() =>
      subjects.forClient(client({ redirect_uris: ['https://a/1', 'https://b/2'] }), 'alice'),
    ).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => identifiers('public').forClient(client({}), 'alice')).toThrow(
      expect.objectContaining({ error: 'invalid_request' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { InvalidClientMetadataError } from '@tessera/kernel';
import { certificateJwk, certificatePublicJwk, CLIENT_A, SELF_SIGNED } from '@tessera/testing';
import { ClientMetadataValidator } from './client-metadata.validator';
import { canonicalIpAddress } from './client-mtls-metadata';
import type { OAuth2ClientDto } from './oauth2-client.dto';
import { SectorIdentifierFetcher } from './sector-identifier.fetcher';

/** A self-signed certificate (base64 DER) and its public key; a key it does not hold. */
const CERTIFICATE = certificateJwk(SELF_SIGNED).x5c[0];
const KEY = certificatePublicJwk(SELF_SIGNED);
const OTHER_KEY = certificatePublicJwk(CLIENT_A);

function validator(): ClientMetadataValidator {
  const { config } = loadConfig({
    env: { DSN: 'memory', SECRETS_SYSTEM: 'a-long-enough-system-secret' },
    flags: { dev: true },
  });
  return new ClientMetadataValidator(config, new SectorIdentifierFetcher(config));
}

const tls = (fields: OAuth2ClientDto) => ({
  token_endpoint_auth_method: 'tls_client_auth',
  ...fields,
});
const selfSigned = (fields: OAuth2ClientDto) => ({
  token_endpoint_auth_method: 'self_signed_tls_client_auth',
  ...fields,
});

describe('ClientMetadataValidator: mutual-TLS metadata (RFC 8705)', () => {
  it('defaults to nothing registered and unbound tokens', async () => {
    const metadata = await validator().validate({});
    expect(metadata).toMatchObject({
      tls_client_auth_subject_dn: '',
      tls_client_auth_san_dns: '',
      tls_client_auth_san_uri: '',
      tls_client_auth_san_ip: '',
      tls_client_auth_san_email: '',
      tls_client_certificate_bound_access_tokens: false,
    });
  });

  it.each([
    { tls_client_auth_subject_dn: 'CN=client-a,O=Example Corp' },
    { tls_client_auth_subject_dn: 'CN=a\\, b,O=Example' },
    { tls_client_auth_san_dns: 'client-a.example.com' },
    { tls_client_auth_san_uri: 'spiffe://example.org/ns/default/sa/client' },
    { tls_client_auth_san_uri: 'urn:example:client-a' },
    { tls_client_auth_san_ip: '192.0.2.7' },
    { tls_client_auth_san_ip: '2001:db8::7' },
    { tls_client_auth_san_email: 'client-a@example.com' },
  ])('accepts tls_client_auth with one identity: %o', async (fields) => {
    const metadata = await validator().validate(tls(fields));
    expect(metadata).toMatchObject({ token_endpoint_auth_method: 'tls_client_auth', ...fields });
  });

  it('accepts certificate-bound tokens with any method', async () => {
    for (const method of ['client_secret_basic', 'none', 'tls_client_auth']) {
      const metadata = await validator().validate({
        token_endpoint_auth_method: method,
        tls_client_certificate_bound_access_tokens: true,
        tls_client_auth_san_dns: method === 'tls_client_auth' ? 'a.example' : undefined,
      });
      expect(metadata.tls_client_certificate_bound_access_tokens).toBe(true);
    }
  });

  it('stores an IPv6 SAN in RFC 5952 form', async () => {
    const metadata = await validator().validate(
      tls({ tls_client_auth_san_ip: '2001:DB8:0:0:0:0:0:1' }),
    );
    expect(metadata.tls_client_auth_san_ip).toBe('2001:db8::1');
  });

  it.each([
    ['no identity', {}],
    ['two identities', { tls_client_auth_san_dns: 'a.example', tls_client_auth_san_ip: '1.2.3.4' }],
    ['a wildcard DNS name', { tls_client_auth_san_dns: '*.example.com' }],
    ['a DNS name with an underscore', { tls_client_auth_san_dns: 'a_b.example' }],
    ['a DNS name with an empty label', { tls_client_auth_san_dns: 'a..example' }],
    ['a DNS label starting with a hyphen', { tls_client_auth_san_dns: '-a.example' }],
    ['a DNS label over 63 characters', { tls_client_auth_san_dns: `${'a'.repeat(64)}.example` }],
    ['a relative URI', { tls_client_auth_san_uri: '/client-a' }],
    ['a URI with a space', { tls_client_auth_san_uri: 'https://a.example/a b' }],
    ['a scheme alone', { tls_client_auth_san_uri: 'urn:' }],
    ['a host name as IP', { tls_client_auth_san_ip: 'localhost' }],
    ['an IPv4 with leading zeros', { tls_client_auth_san_ip: '192.000.2.7' }],
    ['an IPv6 with a zone', { tls_client_auth_san_ip: 'fe80::1%eth0' }],
    ['an email without @', { tls_client_auth_san_email: 'client.example.com' }],
    ['an email with two @', { tls_client_auth_san_email: 'a@b@example.com' }],
    ['an email without a local part', { tls_client_auth_san_email: '@example.com' }],
    ['an email without a domain', { tls_client_auth_san_email: 'a@' }],
    ['an email with a space', { tls_client_auth_san_email: 'a b@example.com' }],
    ['a DN without type', { tls_client_auth_subject_dn: 'client-a' }],
    ['a DN with an empty RDN', { tls_client_auth_subject_dn: 'CN=a,,O=b' }],
    ['a DN with a control character', { tls_client_auth_subject_dn: 'CN=a\nb' }],
  ])('refuses tls_client_auth with %s', async (_case, fields) => {
    await expect(validator().validate(tls(fields))).rejects.toBeInstanceOf(
      InvalidClientMetadataError,
    );
  });

  it.each([
    'client_secret_basic',
    'client_secret_post',
    'private_key_jwt',
    'none',
    'self_signed_tls_client_auth',
  ])('refuses a certificate identity with method %s', async (method) => {
    const keys =
      method.endsWith('_jwt') || method.startsWith('self')
        ? { jwks_uri: 'https://a.example/jwks' }
        : {};
    await expect(
      validator().validate({
        token_endpoint_auth_method: method,
        tls_client_auth_san_dns: 'a.example',
        ...keys,
      }),
    ).rejects.toBeInstanceOf(InvalidClientMetadataError);
  });

  it('accepts self_signed_tls_client_auth with jwks_uri or jwks whose key carries its certificate', async () => {
    await expect(
      validator().validate(selfSigned({ jwks_uri: 'https://a.example/jwks' })),
    ).resolves.toMatchObject({ token_endpoint_auth_method: 'self_signed_tls_client_auth' });
    const jwks = { keys: [OTHER_KEY, { ...KEY, x5c: [CERTIFICATE] }] };
    await expect(validator().validate(selfSigned({ jwks }))).resolves.toMatchObject({ jwks });
  });

  it.each([
    ['no key set', {}],
    ['keys without x5c', { jwks: { keys: [KEY] } }],
    ['an empty x5c', { jwks: { keys: [{ ...KEY, x5c: [] }] } }],
    ['a string x5c', { jwks: { keys: [{ ...KEY, x5c: CERTIFICATE }] } }],
    ['a base64url x5c', { jwks: { keys: [{ ...KEY, x5c: [CERTIFICATE.replace(/\//g, '_')] }] } }],
    ['an x5c that is no certificate', { jwks: { keys: [{ ...KEY, x5c: ['AAAA'] }] } }],
    ['an x5c of another key', { jwks: { keys: [{ ...OTHER_KEY, x5c: [CERTIFICATE] }] } }],
    [
      'one good and one bad x5c',
      {
        jwks: {
          keys: [
            { ...KEY, x5c: [CERTIFICATE] },
            { ...OTHER_KEY, x5c: [CERTIFICATE] },
          ],
        },
      },
    ],
  ])('refuses self_signed_tls_client_auth with %s', async (_case, fields) => {
    await expect(validator().validate(selfSigned(fields))).rejects.toBeInstanceOf(
      InvalidClientMetadataError,
    );
  });
});

describe('canonicalIpAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::FFFF:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['::1', '::1'],
  ])('writes %s as %s', (given, canonical) => {
    expect(canonicalIpAddress(given)).toBe(canonical);
  });
});

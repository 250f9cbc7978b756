import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsMetadataDefaults } from '@tessera/clients';
import {
  certificateJwk,
  certificatePublicJwk,
  CLIENT_A,
  createTestApp,
  SELF_SIGNED as SELF_SIGNED_CERTIFICATE,
  TEST_ENGINES,
  type TestApp,
} from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { call } from '../../support/http';

type Json = Record<string, unknown>;

/** A self-signed certificate (base64 DER) and its public key; a key it does not hold. */
const CERTIFICATE = certificateJwk(SELF_SIGNED_CERTIFICATE).x5c[0];
const KEY = certificatePublicJwk(SELF_SIGNED_CERTIFICATE);
const OTHER_KEY = certificatePublicJwk(CLIENT_A);

const MTLS_KEYS = Object.keys(tlsMetadataDefaults({}));
const MALFORMED = 'The request was malformed or contained invalid parameters';
const TLS = { token_endpoint_auth_method: 'tls_client_auth' } as const;
const SELF_SIGNED = { token_endpoint_auth_method: 'self_signed_tls_client_auth' } as const;

const mtlsMembers = (json: Json): string[] =>
  Object.keys(json).filter((k) => MTLS_KEYS.includes(k));

describe.each(TEST_ENGINES)('/admin/clients: RFC 8705 mutual-TLS metadata on %s', (engine) => {
  let server: TestApp;
  let clients: string;

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { engine });
    clients = `${server.url}/admin/clients`;
  });
  afterAll(() => server?.close());

  const create = (json: unknown) => call<Json>('POST', clients, { json });
  const read = (id: string) => call<Json>('GET', `${clients}/${id}`);

  it.each([
    ['subject-dn', { tls_client_auth_subject_dn: 'CN=client-a,O=Example Corp' }],
    ['escaped-dn', { tls_client_auth_subject_dn: 'CN=client-b,O=Example\\, Inc.' }],
    ['san-dns', { tls_client_auth_san_dns: 'client-a.example.com' }],
    ['san-uri', { tls_client_auth_san_uri: 'spiffe://example.org/ns/prod/sa/client-a' }],
    ['san-ipv4', { tls_client_auth_san_ip: '192.0.2.7' }],
    ['san-ipv6', { tls_client_auth_san_ip: '2001:db8::7' }],
    ['san-email', { tls_client_auth_san_email: 'client-a@example.com' }],
  ])('registers a tls_client_auth client by %s, without a secret', async (id, identity) => {
    const created = await create({ client_id: `tls-${id}`, ...TLS, ...identity });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      ...identity,
    });
    expect(created.body).not.toHaveProperty('client_secret');
    expect(mtlsMembers(created.body)).toEqual(Object.keys(identity));
    const fetched = await read(`tls-${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject(identity);
    expect(mtlsMembers(fetched.body)).toEqual(Object.keys(identity));
  });

  it('stores an IPv6 SAN in RFC 5952 form', async () => {
    const created = await create({ ...TLS, tls_client_auth_san_ip: '2001:DB8:0:0:0:0:0:1' });
    expect(created.status).toBe(201);
    expect(created.body.tls_client_auth_san_ip).toBe('2001:db8::1');
  });

  it('registers a self_signed_tls_client_auth client with its certificate in jwks, or a jwks_uri', async () => {
    const jwks = { keys: [{ ...KEY, x5c: [CERTIFICATE] }] };
    const created = await create({ client_id: 'self-signed', ...SELF_SIGNED, jwks });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...SELF_SIGNED, jwks });
    expect(created.body).not.toHaveProperty('client_secret');
    expect((await read('self-signed')).body.jwks).toEqual(jwks);
    const byUri = await create({ ...SELF_SIGNED, jwks_uri: 'https://client.example/jwks' });
    expect(byUri.status).toBe(201);
    expect(byUri.body).not.toHaveProperty('client_secret');
  });

  it('binds tokens of a client with any method, and says so only when it does', async () => {
    const bound = await create({
      client_id: 'bound',
      tls_client_certificate_bound_access_tokens: true,
    });
    expect(bound.status).toBe(201);
    expect(typeof bound.body.client_secret).toBe('string');
    expect((await read('bound')).body.tls_client_certificate_bound_access_tokens).toBe(true);
    const unbound = await create({ tls_client_certificate_bound_access_tokens: false });
    expect(mtlsMembers(unbound.body)).toEqual([]);
  });

  it('sends none of the new members for a default client, on create, read and list', async () => {
    const created = await create({ client_id: 'plain', owner: 'plain-owner' });
    expect(mtlsMembers(created.body)).toEqual([]);
    expect(mtlsMembers((await read('plain')).body)).toEqual([]);
    const listed = await call<Json[]>('GET', `${clients}?owner=plain-owner`);
    expect(listed.body.map(mtlsMembers)).toEqual([[]]);
  });

  it.each([
    ['tls_client_auth without identity', { ...TLS }],
    [
      'two identities',
      { ...TLS, tls_client_auth_san_dns: 'a.example', tls_client_auth_san_ip: '192.0.2.1' },
    ],
    ['an identity with client_secret_basic', { tls_client_auth_san_dns: 'a.example' }],
    [
      'an identity with none',
      { token_endpoint_auth_method: 'none', tls_client_auth_san_email: 'a@b.example' },
    ],
    [
      'an identity with private_key_jwt',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: 'https://a.example/k',
        tls_client_auth_san_uri: 'urn:a',
      },
    ],
    [
      'an identity with self_signed_tls_client_auth',
      { ...SELF_SIGNED, jwks_uri: 'https://a.example/k', tls_client_auth_subject_dn: 'CN=a' },
    ],
    ['a host name as IP', { ...TLS, tls_client_auth_san_ip: 'client.example' }],
    ['a relative URI', { ...TLS, tls_client_auth_san_uri: '/client' }],
    ['an email without @', { ...TLS, tls_client_auth_san_email: 'client.example' }],
    ['an email with two @', { ...TLS, tls_client_auth_san_email: 'a@b@example' }],
    ['a wildcard DNS name', { ...TLS, tls_client_auth_san_dns: '*.example.com' }],
    ['a DN without attribute types', { ...TLS, tls_client_auth_subject_dn: 'client-a' }],
    ['self_signed_tls_client_auth without keys', { ...SELF_SIGNED }],
    ['self_signed_tls_client_auth with keys but no x5c', { ...SELF_SIGNED, jwks: { keys: [KEY] } }],
    [
      'an x5c that does not hold its key',
      { ...SELF_SIGNED, jwks: { keys: [{ ...OTHER_KEY, x5c: [CERTIFICATE] }] } },
    ],
    [
      'an x5c that is no certificate',
      { ...SELF_SIGNED, jwks: { keys: [{ ...KEY, x5c: ['AAAA'] }] } },
    ],
    [
      'a secret for tls_client_auth',
      { ...TLS, tls_client_auth_san_dns: 'a.example', client_secret: 'a-good-secret' },
    ],
    [
      'a secret for self_signed_tls_client_auth',
      { ...SELF_SIGNED, jwks_uri: 'https://a.example/k', client_secret: 'a-good-secret' },
    ],
  ])('refuses %s: 400 invalid_client_metadata', async (_case, body) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_client_metadata');
  });

  it.each([
    ['a number as DNS SAN', { ...TLS, tls_client_auth_san_dns: 5 }],
    ['a list as subject DN', { ...TLS, tls_client_auth_subject_dn: ['CN=a'] }],
    ['an object as URI SAN', { ...TLS, tls_client_auth_san_uri: { uri: 'urn:a' } }],
    [
      'an over-long email SAN',
      { ...TLS, tls_client_auth_san_email: `${'a'.repeat(1100)}@b.example` },
    ],
    ['a string as bound tokens flag', { tls_client_certificate_bound_access_tokens: 'true' }],
    ['a number as bound tokens flag', { tls_client_certificate_bound_access_tokens: 1 }],
  ])('refuses %s with 400, never 500', async (_case, body) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(MALFORMED);
  });

  it('round-trips through PUT, PATCH (add, replace, remove) and list', async () => {
    const owner = 'round-trip-owner';
    await create({ client_id: 'trip', owner, ...TLS, tls_client_auth_san_dns: 'a.example' });
    const current = (await read('trip')).body;

    const put = await call<Json>('PUT', `${clients}/trip`, {
      json: { ...current, tls_client_certificate_bound_access_tokens: true },
    });
    expect(put.status).toBe(200);
    expect(put.body).not.toHaveProperty('client_secret');
    expect(put.body).toMatchObject({
      tls_client_auth_san_dns: 'a.example',
      tls_client_certificate_bound_access_tokens: true,
    });

    const patch = (json: unknown) => call<Json>('PATCH', `${clients}/trip`, { json });
    const replaced = await patch([
      { op: 'remove', path: '/tls_client_auth_san_dns' },
      { op: 'add', path: '/tls_client_auth_san_uri', value: 'urn:example:trip' },
    ]);
    expect(replaced.status).toBe(200);
    expect(mtlsMembers(replaced.body)).toEqual([
      'tls_client_auth_san_uri',
      'tls_client_certificate_bound_access_tokens',
    ]);
    const subject = await patch([
      { op: 'remove', path: '/tls_client_auth_san_uri' },
      { op: 'replace', path: '/tls_client_auth_subject_dn', value: 'CN=trip,O=Example' },
      { op: 'replace', path: '/tls_client_certificate_bound_access_tokens', value: false },
    ]);
    expect(subject.status).toBe(200);
    expect(mtlsMembers(subject.body)).toEqual(['tls_client_auth_subject_dn']);

    const refused = await patch([
      { op: 'add', path: '/tls_client_auth_san_ip', value: '192.0.2.1' },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_client_metadata');

    const listed = await call<Json[]>('GET', `${clients}?owner=${owner}`);
    expect(listed.body).toEqual([(await read('trip')).body]);
    expect(listed.body[0]).toMatchObject({
      ...TLS,
      tls_client_auth_subject_dn: 'CN=trip,O=Example',
    });

    const leave = await patch([
      { op: 'remove', path: '/tls_client_auth_subject_dn' },
      { op: 'replace', path: '/token_endpoint_auth_method', value: 'client_secret_post' },
    ]);
    expect(leave.status).toBe(200);
    expect(typeof leave.body.client_secret).toBe('string');
    expect(mtlsMembers(leave.body)).toEqual([]);
  });

  it('is still read by @ory/hydra-client', async () => {
    const oauth2 = new OAuth2Api(new Configuration({ basePath: server.url }));
    const identity = {
      tls_client_auth_san_dns: 'sdk.example',
      tls_client_certificate_bound_access_tokens: true,
    };
    await create({ client_id: 'sdk-mtls', owner: 'sdk-owner', ...TLS, ...identity });
    const fetched = await oauth2.getOAuth2Client({ id: 'sdk-mtls' });
    expect(fetched.data).toMatchObject({ client_id: 'sdk-mtls', ...TLS, ...identity });
    const listed = await oauth2.listOAuth2Clients({ owner: 'sdk-owner' });
    expect(listed.data.map((client) => client.client_id)).toEqual(['sdk-mtls']);
    const replaced = await oauth2.setOAuth2Client({
      id: 'sdk-mtls',
      oAuth2Client: { ...fetched.data, client_name: 'Renamed' },
    });
    expect(replaced.data).toMatchObject({ client_name: 'Renamed', ...identity });
    const patched = await oauth2.patchOAuth2Client({
      id: 'sdk-mtls',
      jsonPatch: [{ op: 'replace', path: '/tls_client_auth_san_dns', value: 'other.example' }],
    });
    expect(patched.data).toMatchObject({ tls_client_auth_san_dns: 'other.example' });
  });
});

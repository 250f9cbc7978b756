import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, signInWithCode } from '../../support/browser';
import { call } from '../../support/http';
import { introspect, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;
const REDIRECT = 'http://127.0.0.1:5555/cb';
const SALT = 'pairwise-salt-0123';

describe.each(TEST_ENGINES)('pairwise subject identifiers on %s', (engine) => {
  let server: TestServer;
  let sectors: Server;
  let sectorBase: string;
  const clients: Json[] = [];

  beforeAll(async () => {
    sectors = createServer((_request, response) => response.end(JSON.stringify([REDIRECT])));
    await new Promise<void>((resolve) => sectors.listen(0, '127.0.0.1', resolve));
    sectorBase = `http://127.0.0.1:${(sectors.address() as AddressInfo).port}`;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        engine,
        issuerIsPublicUrl: true,
        env: {
          OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
          OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: SALT,
        },
      },
    );
    for (const sector of ['one', 'two']) {
      clients.push(
        await registerClient(server.adminUrl, {
          redirect_uris: [REDIRECT],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          scope: 'openid',
          subject_type: 'pairwise',
          sector_identifier_uri: `${sectorBase}/${sector}.json`,
        }),
      );
    }
  });
  afterAll(async () => {
    await server?.close();
    sectors?.close();
  });

  const tokensOf = (client: Json, login: Json): Promise<Json> =>
    signInWithCode(server, new CookieBrowser(), client, login, REDIRECT);

  const pairwise = (sector: string, subject: string) =>
    createHash('sha256').update(`${sectorBase}/${sector}.json${subject}${SALT}`).digest('hex');

  it('gives each sector its own stable sub in ID tokens and UserInfo; introspection keeps the real one', async () => {
    const [one, two] = clients;
    const first = await tokensOf(one, { subject: 'alice' });
    const again = await tokensOf(one, { subject: 'alice' });
    const other = await tokensOf(two, { subject: 'alice' });
    expect(decodeJwt(first.id_token as string).sub).toBe(pairwise('one', 'alice'));
    expect(decodeJwt(again.id_token as string).sub).toBe(pairwise('one', 'alice'));
    expect(decodeJwt(other.id_token as string).sub).toBe(pairwise('two', 'alice'));
    const userinfo = await call<Json>('GET', `${server.publicUrl}/userinfo`, {
      headers: { authorization: `Bearer ${first.access_token as string}` },
    });
    expect(userinfo.body.sub).toBe(pairwise('one', 'alice'));
    expect((await introspect(server.adminUrl, first.access_token as string)).body).toMatchObject({
      sub: 'alice',
      obfuscated_subject: pairwise('one', 'alice'),
    });
  });

  it('uses the subject identifier the login UI forces', async () => {
    const tokens = await tokensOf(clients[0], {
      subject: 'bob',
      force_subject_identifier: 'forced-bob',
    });
    expect(decodeJwt(tokens.id_token as string).sub).toBe('forced-bob');
  });

  it('checks the sector document: it must list every redirect URI', async () => {
    const refused = await call<Json>('POST', `${server.adminUrl}/admin/clients`, {
      json: {
        redirect_uris: [REDIRECT, 'http://127.0.0.1:5555/other'],
        subject_type: 'pairwise',
        sector_identifier_uri: `${sectorBase}/one.json`,
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_client_metadata');
  });
});

describe('the sector identifier fetch with CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES', () => {
  let server: TestServer;
  let sectors: Server;
  let port: number;

  beforeAll(async () => {
    sectors = createServer((_request, response) => response.end(JSON.stringify([REDIRECT])));
    await new Promise<void>((resolve) => sectors.listen(0, '127.0.0.1', resolve));
    port = (sectors.address() as AddressInfo).port;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        env: {
          CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true',
          OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
          OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: SALT,
        },
      },
    );
  });
  afterAll(async () => {
    await server?.close();
    sectors?.close();
  });

  it('never fetches from a private address, by literal or by name (SSRF)', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const refused = await call<Json>('POST', `${server.adminUrl}/admin/clients`, {
        json: {
          redirect_uris: [REDIRECT],
          subject_type: 'pairwise',
          sector_identifier_uri: `http://${host}:${port}/sector.json`,
        },
      });
      expect(refused.status, host).toBe(400);
      expect(refused.body.error, host).toBe('invalid_client_metadata');
    }
  });
});

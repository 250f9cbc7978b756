import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { obtainCode } from '../../support/browser';
import { basic, postForm, registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const TOKEN_TABLES = ['oauth2_authorization_code', 'oauth2_access_token', 'oauth2_refresh_token'];

/**
 * What a stolen database dump holds (RFC 6819 §5.1.4.1.3, §5.1.4.1.4; DESIGN §3): token rows keep
 * only the token signatures (access tokens: a hash of it), never the part a caller must present
 * with it, and the token sessions (the claims a consent app put in) are sealed with the system
 * secret.
 */
describe.each(TEST_ENGINES)('token storage at rest on %s', (engine) => {
  let server: TestServer;
  let client: Record<string, unknown>;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline',
    });
  });
  afterAll(() => server?.close());

  async function dump(): Promise<string> {
    const tables = await Promise.all(
      TOKEN_TABLES.map((table) => server.runtime.dataSource.query(`SELECT * FROM ${table}`)),
    );
    expect(tables.map((rows: unknown[]) => rows.length > 0)).toEqual([true, true, true]);
    return JSON.stringify(tables);
  }

  it('stores neither the presented part of a code, access or refresh token, nor the session claims in clear', async () => {
    const code = await obtainCode(server, client.client_id as string, REDIRECT, 'openid offline');
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(client.client_id as string, client.client_secret as string),
    );
    expect(tokens.status).toBe(200);
    const rows = await dump();
    const issued = [code, tokens.body.access_token, tokens.body.refresh_token].map(String);
    // A token is `<key>.<HMAC of the key>`: rows are found by the HMAC (hashed again for access
    // tokens, as Hydra does), and without the key nobody can present the token.
    for (const token of issued) {
      const [keyPart] = token.replace(/^ory_(ac|at|rt)_/, '').split('.');
      expect(rows).not.toContain(keyPart);
    }
    const [, accessSignature] = String(tokens.body.access_token).split('.');
    expect(rows).not.toContain(accessSignature);
    // The consent (runFlow's default) put these claims into the token session.
    expect(rows).not.toContain('alice@example.com');
    expect(rows).not.toContain('gold');
  });
});

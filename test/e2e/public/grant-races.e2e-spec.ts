import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { obtainCode } from '../../support/browser';
import { basic, introspect, postForm, registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const CONCURRENT = 50;

describe.each(TEST_ENGINES)('concurrent use of one code or refresh token on %s', (engine) => {
  let server: TestServer;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline',
    });
    clientId = client.client_id as string;
    secret = client.client_secret as string;
  });
  afterAll(() => server?.close());

  const code = () => obtainCode(server, clientId, REDIRECT, 'openid offline');

  const token = (form: Record<string, string>) =>
    postForm(`${server.publicUrl}/oauth2/token`, form, basic(clientId, secret));

  it(`lets exactly one of ${CONCURRENT} exchanges of one code win; the others get invalid_grant`, async () => {
    const theCode = await code();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        token({ grant_type: 'authorization_code', code: theCode, redirect_uri: REDIRECT }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(CONCURRENT - 1);
    // Every other use is a reuse (RFC 6749 §4.1.2): the winner's tokens are revoked too.
    const winner = answers.find((answer) => answer.status === 200);
    expect((await introspect(server.adminUrl, winner?.body.access_token as string)).body).toEqual({
      active: false,
    });
    for (const answer of answers.filter((a) => a.status === 400))
      expect(answer.body.error).toBe('invalid_grant');
  });

  it(`lets exactly one of ${CONCURRENT} refreshes with one token win; the others get a 4xx`, async () => {
    const first = await token({
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: REDIRECT,
    });
    const refreshToken = first.body.refresh_token as string;
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      ),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 200)) {
      expect(loser.status).toBe(400);
      expect(['invalid_request', 'invalid_grant']).toContain(loser.body.error);
    }
  });
});

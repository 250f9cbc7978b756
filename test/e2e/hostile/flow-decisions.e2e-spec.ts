import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { codeRequestUrl, CookieBrowser, runFlow } from '../../support/browser';
import { registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';

/** Hostile values in the decisions a login/consent UI sends: a 400, never a 5xx or a stored overflow. */
describe.each(TEST_ENGINES)('hostile login and consent decisions on %s', (engine) => {
  let server: TestServer;
  let authorizeUrl: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    authorizeUrl = codeRequestUrl(server.publicUrl, client.client_id as string, REDIRECT);
  });
  afterAll(() => server?.close());

  it.each([
    ['an overflowing remember_for', { remember: true, remember_for: 1e20 }],
    ['a negative remember_for', { remember: true, remember_for: -1 }],
    ['a fractional remember_for', { remember: true, remember_for: 1.5 }],
    ['a string remember_for', { remember: true, remember_for: '3600' }],
    ['grant_scope as a string', { grant_scope: 'openid' }],
    ['a session that is not an object', { grant_scope: ['openid'], session: 'x' }],
  ])('refuses a consent with %s as 400', async (_, consent) => {
    await expect(
      runFlow(new CookieBrowser(), server.adminUrl, authorizeUrl, { consent }),
    ).rejects.toThrow(/consent accept failed: 400/);
  });

  it.each([
    ['an overflowing remember_for', { subject: 'alice', remember: true, remember_for: 1e20 }],
    ['no subject', { remember: false }],
    ['a subject that is not a string', { subject: 42 }],
    ['a NUL in the subject', { subject: 'ali\u0000ce' }],
    ['a NUL in acr', { subject: 'alice', acr: 'a\u0000' }],
    [
      'a NUL in force_subject_identifier',
      { subject: 'alice', force_subject_identifier: 'f\u0000' },
    ],
    [
      'a NUL in identity_provider_session_id',
      { subject: 'alice', identity_provider_session_id: '\u0000' },
    ],
    [
      'a forced subject for a subject of 256 characters',
      { subject: 's'.repeat(256), force_subject_identifier: 'forced' },
    ],
  ])('refuses a login with %s as 400', async (_, login) => {
    await expect(
      runFlow(new CookieBrowser(), server.adminUrl, authorizeUrl, { login }),
    ).rejects.toThrow(/login accept failed: 400/);
  });

  it('completes a flow for a forced subject of a 255-character subject, and for a long subject without one', async () => {
    for (const login of [
      { subject: 's'.repeat(255), force_subject_identifier: 'forced' },
      { subject: 'l'.repeat(4_000) },
    ]) {
      const flow = await runFlow(new CookieBrowser(), server.adminUrl, authorizeUrl, { login });
      expect(flow.answer.status).toBe(303);
      expect(flow.answer.location).toMatch(/[?&]code=/);
    }
  });
});

import { Configuration, MetadataApi, OAuth2Api, type OAuth2Client } from '@ory/hydra-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ENGINES, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';

/** The status and `error` of a failed SDK call. */
async function failure(promise: Promise<unknown>): Promise<{ status?: number; error?: string }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { status: number; data?: { error?: string } } })
      .response;
    if (response) return { status: response.status, error: response.data?.error };
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The `page_token` of `rel="next"`, as SDK users read it from the Link header. */
function nextPageToken(link: unknown): string | undefined {
  const next = String(link ?? '')
    .split(',')
    .find((part) => part.includes('rel="next"'));
  const url = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  return url ? (new URL(url, 'http://x').searchParams.get('page_token') ?? undefined) : undefined;
}

describe.each(TEST_ENGINES)('@ory/hydra-client OAuth2Api against the admin API on %s', (engine) => {
  let server: TestApp;
  let oauth2: OAuth2Api;
  let metadata: MetadataApi;

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { engine });
    const configuration = new Configuration({ basePath: server.url });
    oauth2 = new OAuth2Api(configuration);
    metadata = new MetadataApi(configuration);
  });
  afterAll(() => server?.close());

  it('creates, reads, replaces, patches, lists and deletes a client as a consent app would', async () => {
    const client: OAuth2Client = {
      client_id: 'sdk-app',
      client_name: 'SDK App',
      client_secret: 'sdk-app-secret',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['https://sdk.example/callback'],
      scope: 'openid offline_access',
      metadata: { team: 'identity' },
    };
    const created = await oauth2.createOAuth2Client({ oAuth2Client: client });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      client_id: 'sdk-app',
      client_secret: 'sdk-app-secret',
      client_name: 'SDK App',
    });

    const fetched = await oauth2.getOAuth2Client({ id: 'sdk-app' });
    expect(fetched.data.client_secret).toBeUndefined();
    expect(fetched.data.metadata).toEqual({ team: 'identity' });

    const replaced = await oauth2.setOAuth2Client({
      id: 'sdk-app',
      oAuth2Client: { ...fetched.data, client_name: 'Renamed' },
    });
    expect(replaced.data.client_name).toBe('Renamed');

    const patched = await oauth2.patchOAuth2Client({
      id: 'sdk-app',
      jsonPatch: [{ op: 'add', path: '/redirect_uris/-', value: 'https://sdk.example/other' }],
    });
    expect(patched.data.redirect_uris).toEqual([
      'https://sdk.example/callback',
      'https://sdk.example/other',
    ]);

    const lifespans = await oauth2.setOAuth2ClientLifespans({
      id: 'sdk-app',
      oAuth2ClientTokenLifespans: { authorization_code_grant_access_token_lifespan: '30m' },
    });
    expect(lifespans.data.authorization_code_grant_access_token_lifespan).toBe('30m0s');

    const listed = await oauth2.listOAuth2Clients({ clientName: 'Renamed' });
    expect(listed.data.map((c) => c.client_id)).toEqual(['sdk-app']);

    expect((await oauth2.deleteOAuth2Client({ id: 'sdk-app' })).status).toBe(204);
    expect(await failure(oauth2.getOAuth2Client({ id: 'sdk-app' }))).toEqual({
      status: 404,
      error: 'Unable to locate the resource',
    });
  });

  it('pages through clients with pageSize and pageToken from the Link header', async () => {
    for (let i = 0; i < 7; i++)
      await oauth2.createOAuth2Client({
        oAuth2Client: { client_id: `page-${i}`, owner: 'sdk-pages' },
      });
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await oauth2.listOAuth2Clients({ owner: 'sdk-pages', pageSize: 3, pageToken });
      seen.push(...page.data.map((c) => c.client_id!));
      pageToken = nextPageToken(page.headers.link);
    } while (pageToken);
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
  });

  it('surfaces validation errors with their codes', async () => {
    expect(
      await failure(
        oauth2.createOAuth2Client({ oAuth2Client: { redirect_uris: ['https://a.example/#f'] } }),
      ),
    ).toEqual({
      status: 400,
      error: 'invalid_redirect_uri',
    });
    expect(
      await failure(oauth2.createOAuth2Client({ oAuth2Client: { client_secret: 'short' } })),
    ).toEqual({
      status: 400,
      error: 'invalid_client_metadata',
    });
    expect(await failure(oauth2.patchOAuth2Client({ id: 'nobody', jsonPatch: [] }))).toMatchObject({
      status: 404,
    });
  });

  it('answers MetadataApi isAlive, isReady and getVersion', async () => {
    expect((await metadata.isAlive()).data).toEqual({ status: 'ok' });
    expect((await metadata.isReady()).data).toEqual({ status: 'ok' });
    expect((await metadata.getVersion()).data.version).toMatch(/^v\d+\.\d+\.\d+/);
  });
});

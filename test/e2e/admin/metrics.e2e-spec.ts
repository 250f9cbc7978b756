import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TesseraMetrics } from '@tessera/http';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../../support/browser';
import { call } from '../../support/http';
import { clientCredentialsToken, introspect, registerClient } from '../../support/oauth';

/** The value of one sample of the exposition, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe.each(TEST_ENGINES)('Prometheus metrics on %s', (engine) => {
  let server: TestServer;
  let client: Record<string, unknown>;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    TesseraMetrics.instance().watchPool(server.runtime.dataSource);
    client = await registerClient(server.adminUrl, {
      grant_types: ['client_credentials', 'authorization_code'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1:5555/cb'],
      scope: 'read openid',
    });
  });
  afterAll(async () => {
    if (!server) return;
    TesseraMetrics.instance().unwatchPool(server.runtime.dataSource);
    await server.close();
  });

  const scrape = async () => {
    const answer = await fetch(`${server.adminUrl}/admin/metrics/prometheus`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return answer.text();
  };

  it('counts requests per app, route pattern and status, tokens per grant and introspections', async () => {
    const before = await scrape();
    const token = await clientCredentialsToken(
      server.publicUrl,
      client.client_id as string,
      client.client_secret as string,
      { scope: 'read' },
    );
    await introspect(server.adminUrl, token.body.access_token as string);
    await introspect(server.adminUrl, 'ory_at_unknown');
    await call('GET', `${server.adminUrl}/admin/clients/${client.client_id as string}`);
    await call('GET', `${server.publicUrl}/.well-known/jwks.json`);
    await call('GET', `${server.publicUrl}/.well-known/jwks.json`);
    const after = await scrape();
    const delta = (name: string, labels: string) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      delta(
        'tessera_http_requests_total',
        'app="public",method="POST",route="/oauth2/token",status="200"',
      ),
    ).toBe(1);
    expect(
      delta(
        'tessera_http_requests_total',
        'app="admin",method="GET",route="/admin/clients/:id",status="200"',
      ),
    ).toBe(1);
    expect(
      delta(
        'tessera_http_requests_total',
        'app="public",method="GET",route="/.well-known/jwks.json",status="200"',
      ),
    ).toBe(2);
    expect(delta('tessera_tokens_issued_total', 'grant_type="client_credentials"')).toBe(1);
    expect(delta('tessera_introspections_total', 'result="active"')).toBe(1);
    expect(delta('tessera_introspections_total', 'result="inactive"')).toBe(1);
    expect(after).toContain(
      'tessera_http_request_duration_seconds_bucket{le="0.005",app="public",method="POST",route="/oauth2/token",status="200"}',
    );
    expect(after).toContain('nodejs_heap_size_used_bytes');
    if (engine === 'postgres')
      expect(sample(after, 'tessera_db_pool_connections', 'state="total"')).toBeGreaterThan(0);
  });

  it('counts the decisions of the login and consent UIs', async () => {
    const before = await scrape();
    const query = new URLSearchParams({
      client_id: client.client_id as string,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:5555/cb',
      scope: 'openid',
      state: 'state-0123456789',
    });
    const start = await new CookieBrowser().get(`${server.publicUrl}/oauth2/auth?${query}`);
    await call(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/reject?login_challenge=${queryParam(start.location, 'login_challenge')}`,
      { json: {} },
    );
    await call(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${queryParam(start.location, 'login_challenge')}`,
      { json: { subject: 'alice' } },
    );
    const after = await scrape();
    const delta = (labels: string) =>
      sample(after, 'tessera_flow_decisions_total', labels) -
      sample(before, 'tessera_flow_decisions_total', labels);
    expect(delta('step="login",decision="rejected"')).toBe(1);
    expect(delta('step="login",decision="accepted"')).toBe(1);
  });
});

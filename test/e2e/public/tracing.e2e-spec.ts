import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceQueries } from '@tessera/database';
import { Tracing } from '@tessera/http';
import { createTestServer, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { clientCredentialsToken, registerClient } from '../../support/oauth';

describe('OpenTelemetry tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let server: TestServer;

  beforeAll(async () => {
    tracing = Tracing.start(new SimpleSpanProcessor(exporter), { serviceName: 'tessera-test' });
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine: 'postgres' },
    );
    traceQueries(server.runtime.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await tracing?.shutdown();
  });

  it('traces an HTTP request with its database statements as children', async () => {
    const client = await registerClient(server.adminUrl, {
      grant_types: ['client_credentials'],
      scope: 'read',
    });
    exporter.reset();
    const token = await clientCredentialsToken(
      server.publicUrl,
      client.client_id as string,
      client.client_secret as string,
    );
    expect(token.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.name === 'POST /oauth2/token');
    expect(request).toBeDefined();
    expect(request?.kind).toBe(SpanKind.SERVER);
    expect(request?.attributes).toMatchObject({
      'http.route': '/oauth2/token',
      'http.response.status_code': 200,
      'tessera.app': 'public',
    });
    expect(request?.resource.attributes['service.name']).toBe('tessera-test');
    const queries = spans.filter((span) => span.attributes['db.system'] === 'postgresql');
    expect(queries.map((span) => span.attributes['db.operation.name'])).toEqual(
      expect.arrayContaining(['SELECT', 'INSERT']),
    );
    for (const query of queries) {
      expect(query.spanContext().traceId).toBe(request?.spanContext().traceId);
      expect(query.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
      expect(String(query.attributes['db.query.text'])).not.toContain(
        token.body.access_token as string,
      );
    }
  });
});

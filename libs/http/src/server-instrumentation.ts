import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { routeOf, TesseraMetrics } from './metrics';

/**
 * Observes every request an app's HTTP server answers — through Express and Nest or the fast
 * path alike: Prometheus request metrics, and an OpenTelemetry server span that is the active
 * context while the request is handled (so database spans become its children). Call it last,
 * once every other request listener is in place. With tracing off, the spans are no-ops.
 */
export function instrumentServer(server: Server, app: 'public' | 'admin'): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const metrics = TesseraMetrics.instance();
  const tracer = trace.getTracer('tessera.http');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const started = process.hrtime.bigint();
    const span = tracer.startSpan(`${request.method ?? 'GET'} ${app}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method ?? 'GET', 'tessera.app': app },
    });
    response.once('finish', () => {
      metrics.record(app, request, response, started);
      const route = routeOf(request);
      span.updateName(`${request.method ?? 'GET'} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': response.statusCode });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), () => {
      for (const listener of listeners) listener(request, response);
    });
  });
}

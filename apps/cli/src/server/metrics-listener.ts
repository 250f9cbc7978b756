import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenerSettings } from '@tessera/config';
import { TesseraMetrics } from '@tessera/http';

/** A listener that only answers `GET /metrics/prometheus`, for `serve public` alone. */
export async function serveMetrics(
  listener: ListenerSettings,
): Promise<{ address: string; close(): Promise<void> }> {
  const metrics = TesseraMetrics.instance();
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics/prometheus') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    void metrics.text().then(
      (text) => response.writeHead(200, { 'Content-Type': metrics.contentType() }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (listener.host === '') server.listen(listener.port, resolve);
    else server.listen(listener.port, listener.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = listener.host === '' ? 'localhost' : listener.host;
  return {
    address: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

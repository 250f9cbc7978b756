import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { ListenerSettings } from '@tessera/config';

/** Starts listening as configured: `host:port`, every interface for an empty host, or `unix:/path`. */
export async function listen(
  app: INestApplication,
  listener: ListenerSettings,
  secure = false,
): Promise<string> {
  if (listener.host.startsWith('unix:')) {
    const path = listener.host.slice('unix:'.length);
    await app.listen(path);
    return `unix:${path}`;
  }
  if (listener.host === '') await app.listen(listener.port);
  else await app.listen(listener.port, listener.host);
  const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  const port = typeof address === 'object' && address !== null ? address.port : listener.port;
  const host =
    listener.host === '' || listener.host === '0.0.0.0' || listener.host === '::'
      ? 'localhost'
      : listener.host;
  return `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

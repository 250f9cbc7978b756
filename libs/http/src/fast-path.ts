import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { SERVED_ROUTE } from './metrics';
import { requestId } from './request-id';

/** A response prepared in memory: its bytes and headers. */
export interface PreparedResponse {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** A prepared response for a path, or `undefined` to let the application handle the request. */
export type FastPath = (path: string) => PreparedResponse | undefined;

/**
 * Serves hot, static-per-deployment documents (discovery, JWKS) straight from the HTTP server,
 * before Express and Nest: a prepared response costs one map lookup and one write. Anything the
 * fast path does not have ready — including the first request, which prepares it — goes to the
 * application as usual, so errors are still rendered by the one error filter.
 */
export function installFastPath(server: Server, fastPath: FastPath): void {
  const application = server.listeners('request')[0] as RequestListener | undefined;
  if (!application)
    throw new Error('installFastPath needs the HTTP server of a created application');
  // Only the application is replaced: other listeners (the metrics) stay.
  server.removeListener('request', application);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const prepared =
      request.method === 'GET' || request.method === 'HEAD'
        ? fastPath(pathOf(request.url))
        : undefined;
    if (!prepared) {
      application(request, response);
      return;
    }
    requestId(request, response);
    (request as IncomingMessage & { [SERVED_ROUTE]?: string })[SERVED_ROUTE] = pathOf(request.url);
    response.writeHead(200, {
      ...prepared.headers,
      'Content-Length': String(prepared.body.length),
    });
    response.end(request.method === 'HEAD' ? undefined : prepared.body);
  });
}

/** The path without its query and one trailing slash (hydra-compat §1.1). */
function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0];
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

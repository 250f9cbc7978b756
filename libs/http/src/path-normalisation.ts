import type { NextFunction, Request, Response } from 'express';

export const ADMIN_PREFIX = '/admin';

/**
 * Hydra's request-path rules (hydra-compat §1.1): one trailing slash is ignored; on the admin
 * port every path without the `/admin` prefix gets it, so v1 paths (`/clients`, `/health/ready`)
 * keep working. A rewrite, not a redirect.
 */
export function normalisePaths(options: { adminPrefix: boolean }) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const queryAt = request.url.indexOf('?');
    let path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : request.url.slice(queryAt);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (options.adminPrefix && path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`)) {
      path = path === '/' ? ADMIN_PREFIX : `${ADMIN_PREFIX}${path}`;
    }
    request.url = `${path}${query}`;
    next();
  };
}

/** GET responses are private and never cached unless a handler says otherwise (hydra-compat §1.1). */
export function noCacheForGet(request: Request, response: Response, next: NextFunction): void {
  if (request.method === 'GET' || request.method === 'HEAD') {
    response.setHeader('Cache-Control', 'private, no-cache, no-store, must-revalidate');
  }
  next();
}

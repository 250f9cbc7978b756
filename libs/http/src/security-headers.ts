import type { NextFunction, Request, Response } from 'express';

/**
 * Headers every page and answer of Tessera carries: its pages (form_post, the front-channel
 * logout page, the fallbacks) must not be framed by another site (RFC 9700 §4.16, RFC 6819
 * §5.2.2.6), and a page the user leaves must not hand the next one a URL with a code or a
 * challenge through `Referer` (RFC 9700 §4.2.4).
 */
export function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}

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

/** A year, the value RFC 6797 §11.2 suggests for a site served over HTTPS only. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * `Strict-Transport-Security` on answers of a listener that serves HTTPS itself (RFC 6797 §7.1:
 * never over plain HTTP, where it means nothing), so a browser never sends a code or a cookie to
 * Tessera in clear text again (RFC 6819 §5.1.1).
 */
export function strictTransportSecurity(
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  response.setHeader('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}`);
  next();
}

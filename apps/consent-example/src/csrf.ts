import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const COOKIE = 'consent_example_csrf';

/** The browser's CSRF token (double-submit cookie), created on first use. */
export function csrfToken(request: Request, response: Response): string {
  const existing = readCookie(request, COOKIE);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  response.cookie(COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/' });
  return token;
}

/** Refuses a form whose `_csrf` field is not the browser's CSRF cookie. */
export function checkCsrf(request: Request, response: Response, next: NextFunction): void {
  const cookie = readCookie(request, COOKIE);
  const field = typeof request.body?._csrf === 'string' ? (request.body._csrf as string) : '';
  // Compare bytes, not characters: a multi-byte field of the same length must not throw.
  const sent = Buffer.from(field);
  const expected = Buffer.from(cookie ?? '');
  const valid =
    cookie !== undefined && sent.length === expected.length && timingSafeEqual(sent, expected);
  if (valid) return next();
  response.status(403).send('The form has expired. Go back, reload the page and try again.');
}

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

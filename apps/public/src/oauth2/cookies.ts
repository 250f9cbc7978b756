import { parse } from 'cookie';
import type { Request, Response } from 'express';
import type { CookieInstruction } from '@tessera/consent';

/** The request's cookies, by name. */
export function cookiesOf(request: Request): Record<string, string> {
  const parsed = parse(request.headers.cookie ?? '');
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Writes a cookie the flow asked for; `maxAgeMs: 0` clears it. */
export function setCookie(response: Response, cookie: CookieInstruction): void {
  response.cookie(cookie.name, cookie.value, {
    maxAge: cookie.maxAgeMs,
    ...(cookie.maxAgeMs === 0 ? { expires: new Date(0) } : {}),
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: cookie.sameSite,
    path: cookie.path,
    ...(cookie.domain ? { domain: cookie.domain } : {}),
  });
}

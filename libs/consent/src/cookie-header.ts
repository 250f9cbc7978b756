import { serialize } from 'cookie';
import type { CookieInstruction } from './cookie-policy';

/** A `Set-Cookie` header value (RFC 6265 §4.1), for responses written without a cookie API. */
export function setCookieHeader(cookie: CookieInstruction): string {
  return serialize(cookie.name, cookie.value, {
    maxAge: Math.floor(cookie.maxAgeMs / 1000),
    ...(cookie.maxAgeMs === 0 ? { expires: new Date(0) } : {}),
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: cookie.sameSite,
    path: cookie.path,
    ...(cookie.domain ? { domain: cookie.domain } : {}),
  });
}

import type { Request } from 'express';
import { InvalidRequestError } from '@tessera/kernel';

/** The decoded fields of a form request. */
export type FormBody = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The body of an OAuth 2.0 endpoint, which takes `application/x-www-form-urlencoded` only
 * (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1). Anything else is `invalid_request`.
 */
export function formBody(request: Request): FormBody | undefined {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  const hasBody = request.body !== undefined && request.headers['content-length'] !== '0';
  if (hasBody && !type.startsWith('application/x-www-form-urlencoded')) {
    throw new InvalidRequestError().withHint(
      'The request body must be application/x-www-form-urlencoded.',
    );
  }
  return hasBody ? (request.body as FormBody) : undefined;
}

/** The `Authorization` header, if exactly one was sent. */
export function authorizationHeader(request: Request): string | undefined {
  return request.headers.authorization;
}

/**
 * Every value of the `DPoP` header field (RFC 9449 §4.1), each repetition separately, or
 * `undefined` when none was sent; a request without one pays for nothing more than the lookup.
 */
export function dpopHeader(request: Request): readonly string[] | undefined {
  if (request.headers.dpop === undefined) return undefined;
  return request.headersDistinct.dpop;
}

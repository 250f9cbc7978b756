import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import {
  BadRequestError,
  JSON_DOCUMENT_LIMIT_BYTES,
  jsonShapeError,
  type OAuthError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '@tessera/kernel';
import { sendOAuthError } from './error-response';

/** Form limits (DESIGN §3): OAuth forms are small; JSON documents take `JSON_DOCUMENT_LIMIT_BYTES`. */
export const FORM_BODY_LIMIT = '256kb';
export const FORM_PARAMETER_LIMIT = 200;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function isFormRequest(request: Request): boolean {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  return FORM_TYPES.some((form) => type.startsWith(form));
}

/**
 * Body parsing with our errors: form bodies as forms (RFC 6749 §3.2, duplicates kept as arrays so
 * they can be rejected), everything else as JSON (Hydra decodes JSON whatever the content type).
 * Parser failures are answered here, since they happen before Nest's router and its filter.
 */
export function bodyParsers(): RequestHandler[] {
  const json = express.json({
    limit: JSON_DOCUMENT_LIMIT_BYTES,
    strict: false,
    type: (request) => !isFormRequest(request as Request),
  });
  const form = express.urlencoded({
    limit: FORM_BODY_LIMIT,
    extended: false,
    parameterLimit: FORM_PARAMETER_LIMIT,
  });
  return [guarded(json, jsonShapeError), guarded(form)];
}

function guarded(
  parser: RequestHandler,
  refuse: (body: unknown) => OAuthError | undefined = () => undefined,
): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    parser(request, response, (error?: unknown) => {
      const refused = error ? bodyError(error) : refuse(request.body);
      if (refused) return sendOAuthError(response, refused);
      next();
    });
  };
}

function bodyError(error: unknown): OAuthError {
  const { status, type } = error as { status?: number; type?: string };
  if (status === 413 || type === 'entity.too.large' || type === 'parameters.too.many') {
    return new PayloadTooLargeError();
  }
  if (status === 415 || type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new UnsupportedMediaTypeError();
  }
  if (type === 'entity.parse.failed') {
    return new BadRequestError('Unable to decode the request body: it is not valid JSON.');
  }
  return new BadRequestError('Unable to read the request body.');
}

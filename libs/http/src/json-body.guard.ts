import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BadRequestError, UnsupportedMediaTypeError } from '@tessera/kernel';
import { isFormRequest } from './body-parsers';

/**
 * For routes whose body is a JSON document: a form body would otherwise be read as an object of
 * form fields and silently mean something else; an empty body is an error, as in Hydra.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (isFormRequest(request)) {
      throw new UnsupportedMediaTypeError(
        'This endpoint takes a JSON body; send Content-Type: application/json.',
      );
    }
    const empty = request.body === undefined || request.headers['content-length'] === '0';
    if (empty) throw new BadRequestError('Unable to decode the request body: the body is empty.');
    return true;
  }
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  BadRequestError,
  ErrorTranslator,
  isOAuthError,
  OAuthError,
  PayloadTooLargeError,
  ServerError,
} from '@tessera/kernel';
import { sendOAuthError } from './error-response';

/** Hydra's 404 for a route that does not exist. */
export class RouteNotFoundError extends OAuthError {
  constructor() {
    super(
      'The requested resource could not be found',
      404,
      'The requested route does not exist. Make sure you are using the right path, domain, and port.',
    );
  }
}

/**
 * The one exception filter (DESIGN §4): every error becomes a member of the OAuthError family and
 * is rendered as `{error, error_description}`. Unknown errors are logged with their stack and
 * answered with a bare `server_error`; nothing internal reaches the client.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthErrorFilter');

  constructor(@Optional() private readonly translator?: ErrorTranslator) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.toOAuthError(exception);
    if (error.status >= 500) {
      const detail =
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`${error.error}: ${error.debug ?? detail}`);
    }
    sendOAuthError(host.switchToHttp().getResponse<Response>(), error);
  }

  toOAuthError(exception: unknown): OAuthError {
    if (isOAuthError(exception)) return exception;
    const translated = this.translator?.translate(exception);
    if (translated) return translated;
    if (exception instanceof HttpException) return fromHttpException(exception);
    return new ServerError();
  }
}

function fromHttpException(exception: HttpException): OAuthError {
  const status = exception.getStatus();
  if (status === 404) return new RouteNotFoundError();
  if (status === 413) return new PayloadTooLargeError();
  if (status >= 400 && status < 500) return new BadRequestError(exception.message);
  return new ServerError();
}

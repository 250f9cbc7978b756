import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Response } from 'express';
import { TesseraConfig } from '@tessera/config';
import {
  type AuthorizeErrorTarget,
  BadRequestError,
  ErrorTranslator,
  isOAuthError,
  OAuthError,
  PayloadTooLargeError,
  ServerError,
} from '@tessera/kernel';
import { redirectLocation, sendAuthorizeRedirect } from './authorize-response';
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

  constructor(
    @Optional() private readonly translator?: ErrorTranslator,
    @Optional() private readonly config?: TesseraConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.toOAuthError(exception);
    if (error.status >= 500) {
      const detail =
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`${error.error}: ${error.debug ?? detail}`);
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (error.redirect) this.redirect(response, error, error.redirect);
    else sendOAuthError(response, error);
  }

  /**
   * Authorization endpoint errors go back to the client's verified redirect URI with `error`,
   * `error_description` and `state` (RFC 6749 §4.1.2.1); when the client or its redirect URI is
   * not verified they must not (§4.1.2.1, §10.15), and go to the error page (302, `urls.error`).
   */
  private redirect(response: Response, error: OAuthError, target: AuthorizeErrorTarget): void {
    const params = { error: error.error, error_description: error.wireDescription };
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    if (target.kind === 'client') {
      sendAuthorizeRedirect(response, {
        redirectUri: target.redirectUri,
        responseMode: target.responseMode,
        // RFC 9207 §2: error responses carry `iss` too.
        params: { ...params, state: target.state, ...this.issuer() },
      });
      return;
    }
    if (!this.config) return sendOAuthError(response, error);
    const location = redirectLocation({
      redirectUri: this.config.urls.error,
      responseMode: 'query',
      params,
    });
    response.setHeader('Cache-Control', 'no-store');
    response.status(302).location(location).end();
  }

  private issuer(): { iss?: string } {
    return this.config ? { iss: this.config.urls.self.issuer } : {};
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

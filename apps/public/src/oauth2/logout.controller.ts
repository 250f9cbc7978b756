import { All, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LogoutStrategy } from '@tessera/consent';
import { isFormRequest } from '@tessera/http';
import { isOAuthError, MethodNotAllowedError } from '@tessera/kernel';
import { collectParameters } from '@tessera/oauth2';
import { cookiesOf, setCookie } from './cookies';

/** `/oauth2/sessions/logout` (OIDC RP-Initiated Logout 1.0 §2–§3: GET or POST). */
@Controller('oauth2/sessions')
export class LogoutController {
  constructor(private readonly logout: LogoutStrategy) {}

  @Get('logout')
  byGet(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  @Post('logout')
  byPost(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  @All('logout')
  wrongMethod(): never {
    throw new MethodNotAllowedError('GET, POST');
  }

  private async answer(request: Request, response: Response): Promise<void> {
    let outcome;
    try {
      const { params } = collectParameters({
        query: request.query as Record<string, unknown>,
        body:
          request.method === 'POST' && isFormRequest(request)
            ? (request.body as Record<string, unknown>)
            : undefined,
      });
      outcome = await this.logout.handle(params, cookiesOf(request));
    } catch (error) {
      // Logout errors have no client redirect to go to: they go to the error page.
      throw isOAuthError(error) ? error.withRedirect({ kind: 'error-page' }) : error;
    }
    for (const cookie of outcome.cookies) setCookie(response, cookie);
    response.setHeader('Cache-Control', 'no-store');
    if (outcome.kind === 'redirect') return response.redirect(302, outcome.location);
    response.status(200).type('text/html; charset=utf-8').send(outcome.html);
  }
}

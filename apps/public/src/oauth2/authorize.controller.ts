import { All, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isFormRequest, sendAuthorizeRedirect } from '@tessera/http';
import { MethodNotAllowedError } from '@tessera/kernel';
import { AuthorizationFlow } from './authorization.flow';
import { cookiesOf, setCookie } from './cookies';

/** `/oauth2/auth` (RFC 6749 §3.1; OIDC Core §3.1.2.1 allows GET and POST): HTTP in and out. */
@Controller('oauth2')
export class AuthorizeController {
  constructor(private readonly flow: AuthorizationFlow) {}

  @Get('auth')
  authorizeByGet(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.authorize(request, response);
  }

  @Post('auth')
  authorizeByPost(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.authorize(request, response);
  }

  @All('auth')
  wrongMethod(): never {
    throw new MethodNotAllowedError('GET, POST');
  }

  private async authorize(request: Request, response: Response): Promise<void> {
    const outcome = await this.flow.authorize({
      query: request.query as Record<string, unknown>,
      body:
        request.method === 'POST' && isFormRequest(request)
          ? (request.body as Record<string, unknown>)
          : undefined,
      cookies: cookiesOf(request),
    });
    if (outcome.kind === 'response') return sendAuthorizeRedirect(response, outcome.response);
    for (const cookie of outcome.cookies) setCookie(response, cookie);
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, outcome.location);
  }
}

import { All, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClientCertificateReader, dpopHeader, isFormRequest } from '@tessera/http';
import { MethodNotAllowedError } from '@tessera/kernel';
import { type AuthorizationScheme, DpopNonceCodec, UserinfoEndpoint } from '@tessera/oauth2';

/**
 * `/userinfo` (OIDC Core §5.3): GET or POST, the access token as a bearer (RFC 6750 §2) or, when
 * DPoP-bound, with the `DPoP` scheme and a proof (RFC 9449 §7.1).
 */
@Controller('userinfo')
export class UserinfoController {
  constructor(
    private readonly userinfo: UserinfoEndpoint,
    private readonly dpopNonces: DpopNonceCodec,
    private readonly certificates: ClientCertificateReader,
  ) {}

  @Get()
  get(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  @Post()
  post(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  @All()
  wrongMethod(): never {
    throw new MethodNotAllowedError('GET, POST');
  }

  /** With server nonces on, answers to a request with a DPoP proof carry one (RFC 9449 §9). */
  private async answer(request: Request, response: Response): Promise<void> {
    const dpop = dpopHeader(request);
    const nonce = dpop === undefined ? undefined : this.dpopNonces.advertised();
    if (nonce !== undefined) response.setHeader('DPoP-Nonce', nonce);
    const result = await this.userinfo.userinfo({
      ...presentedToken(request),
      method: request.method,
      dpop,
      certificate: this.certificates.read(request),
    });
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    if (result.format === 'jwt') {
      response.status(200).type('application/jwt').send(result.jwt);
      return;
    }
    response.status(200).json(result.claims);
  }
}

/**
 * RFC 6750 §2.1 or RFC 9449 §7.1 header (scheme case-insensitive), else RFC 6750 §2.2 form body,
 * else §2.3 query.
 */
function presentedToken(request: Request): {
  token: string | undefined;
  scheme: AuthorizationScheme;
} {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^(bearer|dpop)\s+(\S+)\s*$/i.exec(header);
    const scheme = match?.[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    return { token: match?.[2], scheme };
  }
  const body =
    request.method === 'POST' && isFormRequest(request)
      ? (request.body as Record<string, unknown>)
      : {};
  const candidate = body.access_token ?? request.query.access_token;
  return {
    token: typeof candidate === 'string' && candidate !== '' ? candidate : undefined,
    scheme: 'Bearer',
  };
}

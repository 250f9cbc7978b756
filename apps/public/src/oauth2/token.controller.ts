import { All, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MethodNotAllowedError } from '@tessera/kernel';
import { authorizationHeader, ClientCertificateReader, dpopHeader, formBody } from '@tessera/http';
import { DpopNonceCodec, TokenEndpoint, type TokenResponse, TokenRevoker } from '@tessera/oauth2';

/** `/oauth2/token` and `/oauth2/revoke`: HTTP in, transport-free endpoint services behind. */
@Controller('oauth2')
export class TokenController {
  constructor(
    private readonly tokenEndpoint: TokenEndpoint,
    private readonly revoker: TokenRevoker,
    private readonly dpopNonces: DpopNonceCodec,
    private readonly certificates: ClientCertificateReader,
  ) {}

  /**
   * RFC 6749 §3.2; responses are never cached (§5.1). With server nonces on, every answer to a
   * request with a DPoP proof carries the current nonce (RFC 9449 §8.2); others are untouched.
   */
  @Post('token')
  @HttpCode(200)
  async token(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    const dpop = dpopHeader(request);
    const nonce = dpop === undefined ? undefined : this.dpopNonces.advertised();
    if (nonce !== undefined) response.setHeader('DPoP-Nonce', nonce);
    return this.tokenEndpoint.exchange({
      fields: formBody(request),
      authorization: authorizationHeader(request),
      dpop,
      certificate: this.certificates.read(request),
    });
  }

  /** RFC 7009 §2.2: 200 with an empty body, also for unknown tokens. */
  @Post('revoke')
  @HttpCode(200)
  async revoke(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.revoker.revoke({
      fields: formBody(request),
      authorization: authorizationHeader(request),
      certificate: this.certificates.read(request),
    });
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    response.status(200).end();
  }

  @All(['token', 'revoke'])
  wrongMethod(): never {
    throw new MethodNotAllowedError('POST');
  }
}

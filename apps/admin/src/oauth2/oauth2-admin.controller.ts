import { Controller, Delete, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { formBody } from '@tessera/http';
import { InvalidRequestError } from '@tessera/kernel';
import { AccessTokenStore, type IntrospectionResult, TokenIntrospector } from '@tessera/oauth2';
import { OAuth2AdminDocs } from './oauth2-admin.docs';

/** `/admin/oauth2/introspect` (RFC 7662) and `/admin/oauth2/tokens` (hydra-compat §1.3). */
@ApiTags('oAuth2')
@Controller('oauth2')
export class OAuth2AdminController {
  constructor(
    private readonly introspector: TokenIntrospector,
    private readonly accessTokens: AccessTokenStore,
  ) {}

  @Post('introspect')
  @HttpCode(200)
  @OAuth2AdminDocs.introspect()
  async introspect(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IntrospectionResult> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    return this.introspector.introspect(formBody(request));
  }

  @Delete('tokens')
  @HttpCode(204)
  @OAuth2AdminDocs.deleteTokens()
  async deleteTokens(@Query('client_id') clientId: unknown): Promise<void> {
    if (typeof clientId !== 'string' || clientId === '') {
      throw new InvalidRequestError().withHint(
        "Query parameter 'client_id' is not defined but it should have been.",
      );
    }
    await this.accessTokens.deleteByClientId(clientId);
  }
}

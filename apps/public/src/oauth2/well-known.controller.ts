import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { JsonWebKeySet } from '@tessera/jwks';
import { DiscoveryDocument, PublicKeySet } from '@tessera/oauth2';
import { DISCOVERY_CACHE_CONTROL, KEYS_CACHE_CONTROL } from './well-known.fast-path';

/**
 * `/.well-known/*`: OpenID Connect Discovery, RFC 8414 metadata and the public keys. Once built,
 * the documents are served by `wellKnownFastPath` until a key set changes.
 */
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly discovery: DiscoveryDocument,
    private readonly publicKeys: PublicKeySet,
  ) {}

  @Get(['openid-configuration', 'oauth-authorization-server'])
  async configuration(
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const document = await this.discovery.build();
    response.setHeader('Cache-Control', DISCOVERY_CACHE_CONTROL);
    return document;
  }

  @Get('jwks.json')
  async jwks(@Res({ passthrough: true }) response: Response): Promise<JsonWebKeySet> {
    const keys = await this.publicKeys.build();
    response.setHeader('Cache-Control', KEYS_CACHE_CONTROL);
    return keys;
  }
}

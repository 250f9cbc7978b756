import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import {
  type AccessTokenFormat,
  type AccessTokenStrategy,
  HmacAccessTokenStrategy,
} from './access-token.strategy';
import { JwtAccessTokenStrategy } from './jwt-access-token.strategy';

/**
 * The access token formats the server issues: `strategies.access_token`, overridden per client by
 * its `access_token_strategy`. A presented token is recognised by its shape.
 */
@Injectable()
export class AccessTokenStrategies {
  private readonly strategies: readonly AccessTokenStrategy[];

  constructor(
    hmac: HmacAccessTokenStrategy,
    jwt: JwtAccessTokenStrategy,
    private readonly config: TesseraConfig,
  ) {
    this.strategies = [hmac, jwt];
  }

  formatFor(client: Pick<OAuth2Client, 'access_token_strategy'>): AccessTokenFormat {
    const own = client.access_token_strategy;
    return own === 'jwt' || own === 'opaque' ? own : this.config.strategies.access_token;
  }

  get(format: AccessTokenFormat): AccessTokenStrategy {
    return this.strategies.find((strategy) => strategy.format === format) ?? this.strategies[0];
  }

  /** The storage key of a presented access token of any format. */
  keyOf(token: string): string | undefined {
    for (const strategy of this.strategies) {
      const key = strategy.keyOf(token);
      if (key !== undefined) return key;
    }
    return undefined;
  }
}

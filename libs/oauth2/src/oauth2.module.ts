import { Module } from '@nestjs/common';
import { ClientsModule } from '@tessera/clients';
import { JwksModule } from '@tessera/jwks';
import { ClientAssertionVerifier } from './client-auth/client-assertion.verifier';
import { ClientAuthenticator } from './client-auth/client-authenticator';
import { JtiStore } from './client-auth/jti.store';
import { TypeOrmJtiStore } from './client-auth/typeorm-jti.store';
import { DiscoveryDocument } from './discovery/discovery-document';
import { PublicKeySet } from './discovery/public-key-set';
import { TokenIntrospector } from './introspection/token-introspector';
import { TokenRevoker } from './revocation/token-revoker';
import { ScopeStrategy } from './scopes/scope-strategy';
import { ClientCredentialsGrantHandler } from './token-endpoint/client-credentials-grant.handler';
import { TokenEndpoint } from './token-endpoint/token-endpoint';
import { TOKEN_ENDPOINT_HANDLERS } from './token-endpoint/token-endpoint.handler';
import { AccessTokenIssuer } from './tokens/access-token.issuer';
import { AccessTokenStore } from './tokens/access-token.store';
import { HmacAccessTokenStrategy } from './tokens/access-token.strategy';
import { AccessTokenStrategies } from './tokens/access-token.strategies';
import { JwtAccessTokenStrategy } from './tokens/jwt-access-token.strategy';
import { TokenFinder } from './tokens/token-finder';
import { TokenSessionSealer } from './tokens/token-session.sealer';
import { TypeOrmAccessTokenStore } from './tokens/typeorm-access-token.store';

/**
 * OAuth 2.0 grants as transport-free services: the token, introspection and revocation
 * endpoints, their grant handlers (in order), token strategies and stores. Needs `ConfigModule`
 * and `DatabaseModule` (both global).
 */
@Module({
  imports: [ClientsModule, JwksModule],
  providers: [
    { provide: AccessTokenStore, useClass: TypeOrmAccessTokenStore },
    HmacAccessTokenStrategy,
    JwtAccessTokenStrategy,
    AccessTokenStrategies,
    { provide: JtiStore, useClass: TypeOrmJtiStore },
    TokenSessionSealer,
    AccessTokenIssuer,
    TokenFinder,
    ScopeStrategy,
    ClientAssertionVerifier,
    ClientAuthenticator,
    ClientCredentialsGrantHandler,
    {
      provide: TOKEN_ENDPOINT_HANDLERS,
      useFactory: (...handlers: ClientCredentialsGrantHandler[]) => handlers,
      inject: [ClientCredentialsGrantHandler],
    },
    TokenEndpoint,
    TokenIntrospector,
    TokenRevoker,
    DiscoveryDocument,
    PublicKeySet,
  ],
  exports: [
    TokenEndpoint,
    TokenIntrospector,
    TokenRevoker,
    AccessTokenStore,
    ClientAuthenticator,
    DiscoveryDocument,
    PublicKeySet,
  ],
})
export class OAuth2Module {}

import { Module } from '@nestjs/common';
import { ClientsModule } from '@tessera/clients';
import { JwksModule } from '@tessera/jwks';
import { ClientAssertionVerifier } from './client-auth/client-assertion.verifier';
import { ClientAuthenticator } from './client-auth/client-authenticator';
import { JtiStore } from './client-auth/jti.store';
import { TypeOrmJtiStore } from './client-auth/typeorm-jti.store';
import { DiscoveryDocument } from './discovery/discovery-document';
import { DpopNonceCodec } from './dpop/dpop-nonce.codec';
import { DpopProofVerifier } from './dpop/dpop-proof.verifier';
import { PublicKeySet } from './discovery/public-key-set';
import { TokenIntrospector } from './introspection/token-introspector';
import { TokenRevoker } from './revocation/token-revoker';
import { ScopeStrategy } from './scopes/scope-strategy';
import { ClientCredentialsGrantHandler } from './token-endpoint/client-credentials-grant.handler';
import { TokenEndpoint } from './token-endpoint/token-endpoint';
import {
  TOKEN_ENDPOINT_HANDLERS,
  type TokenEndpointHandler,
} from './token-endpoint/token-endpoint.handler';
import { AccessTokenIssuer } from './tokens/access-token.issuer';
import { AccessTokenStore } from './tokens/access-token.store';
import { HmacAccessTokenStrategy } from './tokens/access-token.strategy';
import { AccessTokenStrategies } from './tokens/access-token.strategies';
import { JwtAccessTokenStrategy } from './tokens/jwt-access-token.strategy';
import { TokenFinder } from './tokens/token-finder';
import { TokenSessionSealer } from './tokens/token-session.sealer';
import { TypeOrmAccessTokenStore } from './tokens/typeorm-access-token.store';
import { AuthorizationCodeGrantHandler } from './token-endpoint/authorization-code-grant.handler';
import { RefreshTokenGrantHandler } from './token-endpoint/refresh-token-grant.handler';
import { TokenHook } from './grants/token-hook';
import { AuthorizeRequestParser } from './authorize/authorize-request.parser';
import { AuthorizeResponseIssuer } from './authorize/authorize-response.issuer';
import { RequestObjectResolver } from './authorize/request-object.resolver';
import { ClientKeySets } from './client-auth/client-key-sets';
import { ClientCertificateAuthorities } from './mtls/client-certificate-authorities';
import { MutualTlsClientAuthenticator } from './mtls/mutual-tls.authenticator';
import { UserinfoEndpoint } from './userinfo/userinfo.endpoint';
import { TokenSetIssuer } from './grants/token-set.issuer';
import { IdTokenIssuer } from './oidc/id-token.issuer';
import { IdTokenHintVerifier } from './oidc/id-token-hint.verifier';
import { GrantTokenCodec } from './tokens/grant-token.codec';
import { AuthorizationCodeStore, RefreshTokenStore } from './tokens/grant-token.stores';
import {
  TypeOrmAuthorizationCodeStore,
  TypeOrmRefreshTokenStore,
} from './tokens/typeorm-grant-token.stores';

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
    DpopNonceCodec,
    DpopProofVerifier,
    { provide: RefreshTokenStore, useClass: TypeOrmRefreshTokenStore },
    { provide: AuthorizationCodeStore, useClass: TypeOrmAuthorizationCodeStore },
    GrantTokenCodec,
    ClientKeySets,
    ClientCertificateAuthorities,
    MutualTlsClientAuthenticator,
    RequestObjectResolver,
    AuthorizeRequestParser,
    AuthorizeResponseIssuer,
    UserinfoEndpoint,
    TokenHook,
    IdTokenIssuer,
    IdTokenHintVerifier,
    TokenSetIssuer,
    AuthorizationCodeGrantHandler,
    RefreshTokenGrantHandler,
    ClientCredentialsGrantHandler,
    {
      provide: TOKEN_ENDPOINT_HANDLERS,
      useFactory: (...handlers: TokenEndpointHandler[]) => handlers,
      inject: [
        AuthorizationCodeGrantHandler,
        RefreshTokenGrantHandler,
        ClientCredentialsGrantHandler,
      ],
    },
    TokenEndpoint,
    TokenIntrospector,
    TokenRevoker,
    DiscoveryDocument,
    PublicKeySet,
  ],
  exports: [
    DpopNonceCodec,
    UserinfoEndpoint,
    AuthorizeRequestParser,
    AuthorizeResponseIssuer,
    TokenFinder,
    AccessTokenStrategies,
    IdTokenIssuer,
    IdTokenHintVerifier,
    ScopeStrategy,
    AccessTokenStore,
    RefreshTokenStore,
    AuthorizationCodeStore,
    TokenEndpoint,
    TokenIntrospector,
    TokenRevoker,
    ClientAuthenticator,
    DiscoveryDocument,
    PublicKeySet,
  ],
})
export class OAuth2Module {}

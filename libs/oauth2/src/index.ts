import type { ExpirableTable } from '@tessera/database';
import { OAuth2AccessTokenEntity, OAuth2JtiEntity } from './tokens/oauth2-access-token.entity';
import { OAuth2AuthorizationCodeEntity } from './tokens/oauth2-authorization-code.entity';
import { OAuth2RefreshTokenEntity } from './tokens/oauth2-refresh-token.entity';

export * from './oauth-form';
export * from './oauth2.module';
export * from './tokens/hmac-token.codec';
export * from './tokens/token-records';
export * from './tokens/access-token.store';
export * from './tokens/access-token.strategy';
export * from './tokens/access-token.strategies';
export * from './tokens/jwt-access-token.strategy';
export * from './tokens/access-token.issuer';
export * from './tokens/typeorm-access-token.store';
export * from './tokens/token-session.sealer';
export * from './tokens/grant-token.codec';
export * from './tokens/grant-token.stores';
export * from './tokens/typeorm-grant-token.stores';
export * from './tokens/pkce';
export * from './grants/token-hook';
export * from './grants/token-set.issuer';
export * from './oidc/id-token.issuer';
export * from './oidc/id-token-hint.verifier';
export * from './authorize/authorize-request';
export * from './authorize/authorize-request.parser';
export * from './authorize/authorize-response.issuer';
export * from './authorize/redirect-uri';
export * from './client-auth/client-key-sets';
export * from './tokens/token-finder';
export * from './userinfo/userinfo.endpoint';
export * from './client-auth/client-authenticator';
export * from './client-auth/client-assertion.verifier';
export * from './client-auth/jti.store';
export * from './client-auth/typeorm-jti.store';
export * from './dpop/dpop-proof.verifier';
export * from './dpop/dpop-binding';
export * from './dpop/dpop-nonce.codec';
export * from './mtls/certificate-binding';
export * from './mtls/client-certificate-authorities';
export * from './mtls/mutual-tls.authenticator';
export * from './scopes/scope-strategy';
export * from './scopes/audience-strategy';
export * from './token-endpoint/token-endpoint';
export * from './token-endpoint/token-endpoint.handler';
export * from './token-endpoint/token-response';
export * from './introspection/token-introspector';
export * from './revocation/token-revoker';
export * from './discovery/discovery-document';
export * from './discovery/public-key-set';
export {
  OAuth2AccessTokenEntity,
  OAuth2AuthorizationCodeEntity,
  OAuth2JtiEntity,
  OAuth2RefreshTokenEntity,
};

/** The TypeORM entities this lib stores. */
export const OAUTH2_ENTITIES = [
  OAuth2AccessTokenEntity,
  OAuth2RefreshTokenEntity,
  OAuth2AuthorizationCodeEntity,
  OAuth2JtiEntity,
];

/** What `tessera janitor --tokens` cleans here. */
export const OAUTH2_EXPIRABLE_TABLES: readonly ExpirableTable[] = [
  {
    group: 'tokens',
    label: 'access tokens',
    entity: OAuth2AccessTokenEntity,
    key: 'signature',
    expiresAt: 'expiresAt',
    requestedAt: 'requestedAt',
  },
  {
    group: 'tokens',
    label: 'refresh tokens',
    entity: OAuth2RefreshTokenEntity,
    key: 'signature',
    expiresAt: 'expiresAt',
    requestedAt: 'requestedAt',
  },
  {
    group: 'tokens',
    label: 'authorization codes',
    entity: OAuth2AuthorizationCodeEntity,
    key: 'signature',
    expiresAt: 'expiresAt',
    requestedAt: 'requestedAt',
  },
  {
    group: 'tokens',
    label: 'client assertion ids (jti)',
    entity: OAuth2JtiEntity,
    key: 'signature',
    expiresAt: 'expiresAt',
  },
];
export * from './authorize/authorize-parameters';

import { OAuth2ClientEntity } from './oauth2-client.entity';

export * from './oauth2-client';
export * from './oauth2-client.dto';
export * from './oauth2-client-lifespans.dto';
export * from './client.store';
export * from './typeorm-client.store';
export * from './client-registry';
export * from './client-secret.hasher';
export * from './client-secret.verifier';
export * from './client-json';
export * from './client-mtls-metadata';
export * from './clients.module';
export { OAuth2ClientEntity };

/** The TypeORM entities this lib stores. */
export const CLIENT_ENTITIES = [OAuth2ClientEntity];
export * from './outbound-fetch';
export { isDistinguishedName, splitUnescaped, unescapeDnValue } from './client-subject-dn';

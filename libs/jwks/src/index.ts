import { JsonWebKeyEntity, JsonWebKeySetEntity } from './json-web-key.entity';

export * from './json-web-key';
export * from './json-web-key.dto';
export * from './json-web-key.store';
export * from './typeorm-json-web-key.store';
export * from './json-web-key.sealer';
export * from './json-web-key.manager';
export * from './key-generator';
export * from './key-validator';
export * from './default-key-sets';
export * from './jwks.module';
export { JsonWebKeyEntity, JsonWebKeySetEntity };

/** The TypeORM entities this lib stores. */
export const JWKS_ENTITIES = [JsonWebKeySetEntity, JsonWebKeyEntity];
export * from './key-set-errors';

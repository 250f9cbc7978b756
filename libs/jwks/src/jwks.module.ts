import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeySetCache } from './key-set.cache';
import { JsonWebKeyManager } from './json-web-key.manager';
import { JsonWebKeySealer } from './json-web-key.sealer';
import { JsonWebKeyStore } from './json-web-key.store';
import { TypeOrmJsonWebKeyStore } from './typeorm-json-web-key.store';

/** JSON Web Key sets. Needs `ConfigModule` and `DatabaseModule` (both global). */
@Module({
  providers: [
    { provide: JsonWebKeyStore, useClass: TypeOrmJsonWebKeyStore },
    {
      provide: KeySetCache,
      useFactory: (dataSource: DataSource) => KeySetCache.of(dataSource),
      inject: [DataSource],
    },
    JsonWebKeySealer,
    JsonWebKeyManager,
  ],
  exports: [JsonWebKeyManager, JsonWebKeyStore],
})
export class JwksModule {}

import { Module } from '@nestjs/common';
import { ClientMetadataValidator } from './client-metadata.validator';
import { ClientRegistry } from './client-registry';
import { ClientSecretHasher } from './client-secret.hasher';
import { ClientSecretVerifier } from './client-secret.verifier';
import { ClientStore } from './client.store';
import { SectorIdentifierFetcher } from './sector-identifier.fetcher';
import { TypeOrmClientStore } from './typeorm-client.store';

/** The client registry. Needs `ConfigModule` and `DatabaseModule` (both global). */
@Module({
  providers: [
    { provide: ClientStore, useClass: TypeOrmClientStore },
    ClientRegistry,
    ClientMetadataValidator,
    ClientSecretHasher,
    ClientSecretVerifier,
    SectorIdentifierFetcher,
  ],
  exports: [ClientRegistry, ClientStore, ClientSecretHasher, ClientSecretVerifier],
})
export class ClientsModule {}

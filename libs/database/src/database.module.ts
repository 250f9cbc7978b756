import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, ErrorTranslator, SystemClock } from '@tessera/kernel';
import { TesseraConfig } from '@tessera/config';
import { DataSource } from 'typeorm';
import { DatabaseErrorTranslator } from './database-error.translator';
import { PageTokenCodec } from './page-token.codec';
import { SchemaMigrator } from './schema-migrator';
import { Transactions } from './transactions';

/**
 * The storage infrastructure every domain lib shares: one DataSource (owned by whoever started
 * the process, so `serve all` shares one pool between both apps), the clock, keyset page tokens
 * and the schema migrator.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: Clock, useClass: SystemClock },
        { provide: ErrorTranslator, useClass: DatabaseErrorTranslator },
        {
          provide: PageTokenCodec,
          useFactory: (config: TesseraConfig, clock: Clock) =>
            new PageTokenCodec(config.secrets.pagination, clock),
          inject: [TesseraConfig, Clock],
        },
        { provide: SchemaMigrator, useFactory: () => new SchemaMigrator(dataSource) },
        Transactions,
      ],
      exports: [DataSource, Clock, ErrorTranslator, PageTokenCodec, SchemaMigrator, Transactions],
    };
  }
}

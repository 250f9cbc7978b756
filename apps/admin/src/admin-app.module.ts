import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@tessera/clients';
import { JwksModule } from '@tessera/jwks';
import { OAuth2Module } from '@tessera/oauth2';
import { ConsentModule } from '@tessera/consent';
import { LoginConsentController } from './consent/login-consent.controller';
import { SessionsController } from './consent/sessions.controller';
import { ConfigModule, type TesseraConfig } from '@tessera/config';
import { DatabaseModule } from '@tessera/database';
import { HealthModule } from '@tessera/health';
import { HttpCoreModule, LoggingModule, TelemetryModule } from '@tessera/http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ClientsController } from './clients/clients.controller';
import { KeysController } from './keys/keys.controller';
import { MetricsController } from './metadata/metrics.controller';
import { VersionController } from './metadata/version.controller';
import { OAuth2AdminController } from './oauth2/oauth2-admin.controller';

/** What the process that starts the admin app hands it: configuration, database, logger. */
export interface AdminAppRuntime {
  readonly config: TesseraConfig;
  readonly dataSource: DataSource;
  readonly logger: Logger;
}

/** The admin app (port 4445): `/admin/*`, for the cluster network only (DESIGN §1). */
@Module({})
export class AdminAppModule {
  static register(runtime: AdminAppRuntime): DynamicModule {
    return {
      module: AdminAppModule,
      imports: [
        ConfigModule.forConfig(runtime.config),
        DatabaseModule.forDataSource(runtime.dataSource),
        LoggingModule.forLogger(runtime.logger),
        HttpCoreModule,
        TelemetryModule,
        HealthModule.forRoot({ shareErrors: true }),
        ClientsModule,
        JwksModule,
        OAuth2Module,
        ConsentModule,
      ],
      controllers: [
        ClientsController,
        KeysController,
        OAuth2AdminController,
        LoginConsentController,
        SessionsController,
        VersionController,
        MetricsController,
      ],
    };
  }
}

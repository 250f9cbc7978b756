import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type TesseraConfig } from '@tessera/config';
import { DatabaseModule } from '@tessera/database';
import { HealthModule } from '@tessera/health';
import { HttpCoreModule, LoggingModule, TelemetryModule } from '@tessera/http';
import { OAuth2Module } from '@tessera/oauth2';
import { ConsentModule } from '@tessera/consent';
import { AuthorizationFlow } from './oauth2/authorization.flow';
import { AuthorizeController } from './oauth2/authorize.controller';
import { FallbacksController } from './oauth2/fallbacks.controller';
import { LogoutController } from './oauth2/logout.controller';
import { UserinfoController } from './oauth2/userinfo.controller';
import { TokenController } from './oauth2/token.controller';
import { WellKnownController } from './oauth2/well-known.controller';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** What the process that starts the public app hands it: configuration, database, logger. */
export interface PublicAppRuntime {
  readonly config: TesseraConfig;
  readonly dataSource: DataSource;
  readonly logger: Logger;
}

/** The public app (port 4444): `/oauth2/*`, `/userinfo`, `/.well-known/*`, `/health/*`. */
@Module({})
export class PublicAppModule {
  static register(runtime: PublicAppRuntime): DynamicModule {
    return {
      module: PublicAppModule,
      imports: [
        ConfigModule.forConfig(runtime.config),
        DatabaseModule.forDataSource(runtime.dataSource),
        LoggingModule.forLogger(runtime.logger),
        HttpCoreModule,
        TelemetryModule,
        HealthModule.forRoot({ shareErrors: false }),
        OAuth2Module,
        ConsentModule,
      ],
      controllers: [
        AuthorizeController,
        TokenController,
        UserinfoController,
        LogoutController,
        WellKnownController,
        FallbacksController,
      ],
      providers: [AuthorizationFlow],
    };
  }
}

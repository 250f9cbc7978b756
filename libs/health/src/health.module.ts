import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator, MigrationsHealthIndicator } from './database.health-indicator';
import { HEALTH_OPTIONS, HealthController, type HealthOptions } from './health.controller';

/** `/health/alive` and `/health/ready`. Needs `DatabaseModule` (global). */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        DatabaseHealthIndicator,
        MigrationsHealthIndicator,
        { provide: HEALTH_OPTIONS, useValue: options },
      ],
    };
  }
}

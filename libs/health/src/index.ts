export * from './health.module';
export { HealthController, type HealthOptions } from './health.controller';
export { DatabaseHealthIndicator, MigrationsHealthIndicator } from './database.health-indicator';

export * from './tessera-config';
export * from './config-loader';
export * from './config-error';
export { CONFIG_KEYS, envName, type ConfigKey } from './config-keys';
export { DEVELOPMENT_SQLITE_DSN, sqliteFile } from './development-defaults';
export { ConfigModule } from './config.module';
export { tesseraVersion } from './build-info';
export type { ConfigRequirements } from './config-requirements';
export type { WebhookSettings } from './config-values';

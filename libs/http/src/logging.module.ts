import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { FrameworkQuietLogger } from './framework-quiet.logger';

/**
 * Nest's logger on the shared process logger (nestjs-pino), bound to the request logger that
 * `requestLogging` installs, so application logs carry the request id.
 */
@Module({})
export class LoggingModule {
  static forLogger(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true })],
      providers: [FrameworkQuietLogger],
      exports: [FrameworkQuietLogger],
    };
  }
}

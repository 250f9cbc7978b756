import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TesseraConfig } from './tessera-config';

/** Makes the one validated `TesseraConfig` injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: TesseraConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: TesseraConfig, useValue: config }],
      exports: [TesseraConfig],
    };
  }
}

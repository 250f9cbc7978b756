import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@tessera/http';
import { PublicAppModule, type PublicAppRuntime } from './public-app.module';

/** Creates the public app, ready to `listen()`. */
export async function createPublicApp(runtime: PublicAppRuntime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(PublicAppModule.register(runtime), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, {
    adminPrefix: false,
    logger: runtime.logger,
    leakSensitiveValues: runtime.config.log.leak_sensitive_values,
  });
  return app;
}

export type { PublicAppRuntime };

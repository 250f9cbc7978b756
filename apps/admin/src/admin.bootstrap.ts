import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { sharedFailureLedger } from '@tessera/database';
import { instrumentServer, configureHttpApp } from '@tessera/http';
import { AdminAppModule, type AdminAppRuntime } from './admin-app.module';
import { setupAdminSwagger } from './admin.swagger';

/** Creates the admin app, ready to `listen()`; with `https`, it serves HTTPS. */
export async function createAdminApp(
  runtime: AdminAppRuntime,
  https?: { readonly cert: Buffer; readonly key: Buffer },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AdminAppModule.register(runtime), {
    bodyParser: false,
    bufferLogs: true,
    ...(https ? { httpsOptions: { cert: https.cert, key: https.key } } : {}),
  });
  configureHttpApp(app, {
    adminPrefix: true,
    logger: runtime.logger,
    leakSensitiveValues: runtime.config.log.leak_sensitive_values,
    rateLimits: runtime.config.rate_limits,
    failureLedger: sharedFailureLedger(runtime.dataSource, runtime.config),
    hsts: Boolean(https),
  });
  setupAdminSwagger(app);
  instrumentServer(app.getHttpServer() as Server, 'admin');
  return app;
}

export type { AdminAppRuntime };

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { sharedFailureLedger } from '@tessera/database';
import { configureHttpApp, installFastPath, instrumentServer } from '@tessera/http';
import { DiscoveryDocument, PublicKeySet } from '@tessera/oauth2';
import { wellKnownFastPath } from './oauth2/well-known.fast-path';
import { PublicAppModule, type PublicAppRuntime } from './public-app.module';

/** Creates the public app, ready to `listen()`; with `https`, it serves HTTPS. */
export async function createPublicApp(
  runtime: PublicAppRuntime,
  https?: { readonly cert: Buffer; readonly key: Buffer },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(PublicAppModule.register(runtime), {
    bodyParser: false,
    bufferLogs: true,
    ...(https ? { httpsOptions: httpsOptions(https, runtime.config.oauth2.mtls.enabled) } : {}),
  });
  configureHttpApp(app, {
    adminPrefix: false,
    logger: runtime.logger,
    leakSensitiveValues: runtime.config.log.leak_sensitive_values,
    rateLimits: runtime.config.rate_limits,
    failureLedger: sharedFailureLedger(runtime.dataSource, runtime.config),
    hsts: Boolean(https),
  });
  installFastPath(
    app.getHttpServer() as Server,
    wellKnownFastPath(app.get(DiscoveryDocument), app.get(PublicKeySet)),
  );
  instrumentServer(app.getHttpServer() as Server, 'public');
  return app;
}

/**
 * With mTLS on, the handshake asks for a client certificate (RFC 8705 §2) but does not require
 * one, nor judge it: most clients have none, and whether a certificate is trusted depends on the
 * client it claims to be (`tls_client_auth` against `oauth2.mtls.trusted_ca`, or
 * `self_signed_tls_client_auth` against its registered keys).
 */
function httpsOptions(https: { readonly cert: Buffer; readonly key: Buffer }, mtls: boolean) {
  return {
    cert: https.cert,
    key: https.key,
    ...(mtls ? { requestCert: true, rejectUnauthorized: false } : {}),
  };
}

export type { PublicAppRuntime };

import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { TesseraSettings } from '@tessera/config';
import type { AuthenticationFailureLedger } from '@tessera/kernel';
import { abuseLimits, type SharedFailureCounting } from './abuse-limits';
import { bodyParsers } from './body-parsers';
import { FrameworkQuietLogger } from './framework-quiet.logger';
import { answerUnparsableRequests } from './unparsable-request';
import { requestLogging } from './request-logging';
import { securityHeaders, strictTransportSecurity } from './security-headers';
import type { Logger } from 'pino';
import { noCacheForGet, normalisePaths } from './path-normalisation';

export interface HttpAppOptions {
  /** Admin port: every path lives under `/admin`, and paths without it are rewritten. */
  readonly adminPrefix: boolean;
  readonly logger: Logger;
  readonly leakSensitiveValues: boolean;
  /** Abuse limits of the token, revocation and introspection endpoints. */
  readonly rateLimits?: TesseraSettings['rate_limits'];
  /**
   * Where failed client authentications are counted across replicas, when
   * `rate_limits.failed_authentication.shared` is on. The apps of one process pass the same one.
   */
  readonly failureLedger?: AuthenticationFailureLedger;
  /** The app serves HTTPS itself: tell browsers to use nothing else (RFC 6797). */
  readonly hsts?: boolean;
}

/**
 * Applies the HTTP behaviour both ports share (hydra-compat §1.1) to a Nest app created with
 * `bodyParser: false` and `bufferLogs: true`. Must run before `init()`/`listen()`.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  express.set('etag', false);
  app.useLogger(app.get(FrameworkQuietLogger));
  app.use(requestLogging(options.logger, options.leakSensitiveValues));
  app.use(normalisePaths({ adminPrefix: options.adminPrefix }));
  app.use(noCacheForGet);
  app.use(securityHeaders);
  if (options.hsts) app.use(strictTransportSecurity);
  for (const parser of bodyParsers()) app.use(parser);
  const limits = options.rateLimits && abuseLimits(options.rateLimits, sharedCounting(options));
  if (limits) app.use(limits);
  if (options.adminPrefix) app.setGlobalPrefix('admin');
  answerUnparsableRequests(app.getHttpServer() as Server);
}

/** The shared failure ledger and where its errors go: the log, once per outage. */
function sharedCounting(options: HttpAppOptions): SharedFailureCounting | undefined {
  const { failureLedger: ledger, logger } = options;
  if (!ledger) return undefined;
  const report = (error: unknown) =>
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'Shared counts of failed client authentications are unavailable; only this process counts them until the database answers',
    );
  return { ledger, report };
}

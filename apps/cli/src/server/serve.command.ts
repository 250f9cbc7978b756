import { Command } from 'commander';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, listenerTls, type TesseraConfig } from '@tessera/config';
import { closeWhenIdle, SchemaMigrator, type ParsedDsn, traceQueries } from '@tessera/database';
import { createLogger, TesseraMetrics, Tracing } from '@tessera/http';
import { SystemClock } from '@tessera/kernel';
import { ClientCertificateAuthorities } from '@tessera/oauth2';
import { createAdminApp } from '../../../admin/src/admin.bootstrap';
import { createPublicApp } from '../../../public/src/public.bootstrap';
import { CliError, type CliIo } from '../cli-io';
import { connectWithRetry } from './database-connection';
import { GracefulShutdown } from './graceful-shutdown';
import { listen } from './listen';
import { serveMetrics } from './metrics-listener';
import { loadServerConfig, type ServerConfigFlags } from './server-config';
import { readTlsCredentials, type TlsCredentials } from './tls-credentials';

type Which = 'all' | 'public' | 'admin';

const DEV_WARNING = [
  '',
  '  ************************************************************************',
  '  *  DEVELOPMENT MODE (--dev): http issuer and redirect URIs are allowed, *',
  '  *  cookies are not Secure. NEVER run a production server like this.    *',
  '  ************************************************************************',
  '',
].join('\n');

/** `tessera serve all|public|admin` (DESIGN §1). */
export function serveCommand(io: CliIo): Command {
  const serve = new Command('serve').description('Run the HTTP servers');
  const descriptions: Record<Which, string> = {
    all: 'Serve the public (4444) and admin (4445) APIs in one process',
    public: 'Serve only the public API (4444)',
    admin: 'Serve only the admin API (4445)',
  };
  for (const which of ['all', 'public', 'admin'] as const) {
    serve.addCommand(
      new Command(which)
        .description(descriptions[which])
        .option(
          '-c, --config <file>',
          'configuration file (YAML or JSON; repeatable)',
          (value: string, previous: string[] = []) => [...previous, value],
        )
        .option('--dev', 'development mode: allow http issuer and redirect URIs')
        .option('--dangerous-force-http', 'Hydra v1 name of --dev')
        .option('--sqa-opt-out', 'accepted for Hydra compatibility; Tessera sends no telemetry')
        .action((flags: ServerConfigFlags) => runServers(which, flags, io)),
    );
  }
  return serve;
}

async function runServers(which: Which, flags: ServerConfigFlags, io: CliIo): Promise<void> {
  const { config, dsn, warnings } = loadServerConfig(flags, io, {
    dsn: true,
    secrets: true,
    issuer: true,
  });
  if (dsn.inMemory && which !== 'all') {
    throw new CliError(
      `"tessera serve ${which}" cannot use DSN=memory: the other app would see another database. Use "serve all" or a real database.`,
    );
  }
  // Unreadable certificates stop the server before it touches the database or any port.
  const https = {
    public: which !== 'admin' ? credentials('public', config) : undefined,
    admin: which !== 'public' ? credentials('admin', config) : undefined,
  };
  if (which !== 'admin') checkTrustedAuthorities(config, io);
  const logger = createLogger(config.log);
  if (config.dev) io.stderr.write(`${DEV_WARNING}\n`);
  for (const warning of warnings) logger.warn(warning);
  const shutdown = new GracefulShutdown(logger);
  shutdown.installSignalHandlers();
  const tracing = Tracing.fromConfig(config.tracing, logger);
  if (tracing) shutdown.onClose(() => tracing.shutdown());
  const dataSource = await connectWithRetry(dsn, logger, () => shutdown.requested);
  if (!dataSource) return;
  shutdown.onClose(() => closeDatabase(dataSource, logger));
  if (tracing) traceQueries(dataSource);
  TesseraMetrics.instance().watchPool(dataSource);
  await prepareSchema(dataSource, dsn, config, logger);
  const apps = await startApps(which, { config, dataSource, logger }, https);
  for (const app of apps) shutdown.onApp(app);
  // Alone, the public app has no admin port to show its metrics on: it gets a listener of its own.
  if (which === 'public' && config.serve.metrics.port !== 0) {
    const metrics = await serveMetrics(config.serve.metrics);
    logger.info(`Metrics listening on ${metrics.address}/metrics/prometheus`);
    shutdown.onClose(() => metrics.close());
  }
}

/** After the servers: once the statements in progress have ended (`closeWhenIdle`). */
async function closeDatabase(dataSource: DataSource, logger: Logger): Promise<void> {
  const inUse = await closeWhenIdle(dataSource);
  if (inUse)
    logger.warn({ connections: inUse }, 'Closed the database pool with statements still running');
}

/** `memory` and the development SQLite file migrate themselves; real databases never do. */
async function prepareSchema(
  dataSource: DataSource,
  dsn: ParsedDsn,
  config: TesseraConfig,
  logger: Logger,
): Promise<void> {
  const migrator = new SchemaMigrator(dataSource);
  if (dsn.inMemory || (dsn.engine === 'sqlite' && config.dev)) {
    const applied = await migrator.up();
    if (applied.length > 0)
      logger.info({ migrations: applied.map((m) => m.name) }, 'Applied database migrations');
    return;
  }
  const pending = await migrator.pending();
  if (pending.length > 0) {
    logger.warn(
      { pending: pending.map((m) => m.name) },
      'Database migrations are pending: /health/ready answers 503 until you run "tessera migrate sql up"',
    );
  }
}

async function startApps(
  which: Which,
  runtime: { config: TesseraConfig; dataSource: DataSource; logger: Logger },
  https: Record<'public' | 'admin', TlsCredentials | undefined>,
): Promise<NestExpressApplication[]> {
  const apps: NestExpressApplication[] = [];
  const { serve, urls } = runtime.config;
  if (which !== 'admin') {
    const app = await createPublicApp(runtime, https.public);
    const address = await listen(app, serve.public, Boolean(https.public));
    runtime.logger.info(`Public API listening on ${address} (issuer ${urls.self.issuer})`);
    apps.push(app);
  }
  if (which !== 'public') {
    const app = await createAdminApp(runtime, https.admin);
    const address = await listen(app, serve.admin, Boolean(https.admin));
    runtime.logger.info(`Admin API listening on ${address} (Swagger UI at ${address}/admin/docs)`);
    apps.push(app);
  }
  return apps;
}

/** The HTTPS credentials of a listener, or undefined for plain HTTP. */
function credentials(
  listener: 'public' | 'admin',
  config: TesseraConfig,
): TlsCredentials | undefined {
  const tls = listenerTls(config.serve.tls, config.serve[listener].tls);
  return tls && readTlsCredentials(listener, tls);
}

/** Unreadable `oauth2.mtls.trusted_ca` stops the server here too, with the key's name. */
function checkTrustedAuthorities(config: TesseraConfig, io: CliIo): void {
  try {
    new ClientCertificateAuthorities(config, new SystemClock());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    throw new CliError('invalid configuration', 1, true);
  }
}

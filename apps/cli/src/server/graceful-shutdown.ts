import type { Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';

/** Kubernetes sends SIGTERM and waits 30 s by default; we promise to be gone within 10 s. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/** How often keep-alive connections that fell idle during shutdown are closed. */
const IDLE_SWEEP_MS = 100;

type Closer = () => Promise<unknown>;

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, then close the
 * database pool and exit 0. Servers close first (they may still use the pool); keep-alive
 * connections are closed as soon as they fall idle; a deadline makes sure the process ends even
 * if a request hangs.
 */
export class GracefulShutdown {
  private readonly apps: INestApplication[] = [];
  private readonly resources: Closer[] = [];
  private shuttingDown = false;

  constructor(private readonly logger: Logger) {}

  get requested(): boolean {
    return this.shuttingDown;
  }

  /** A resource closed after the servers (the database pool). */
  onClose(closer: Closer): void {
    this.resources.push(closer);
  }

  /** An app to close first; one that finished starting after the signal is closed at once. */
  onApp(app: INestApplication): void {
    this.apps.push(app);
    if (this.shuttingDown) void app.close();
  }

  installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void this.shutdown(signal));
    }
  }

  async shutdown(signal: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.logger.info({ signal }, 'Shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      this.logger.warn('Shutdown deadline reached; exiting');
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS);
    const servers = this.apps.map((app) => app.getHttpServer() as Server);
    // Answers from now on end their keep-alive connection, so clients move to another replica
    // instead of sending their next request into a socket about to close.
    for (const server of servers) {
      server.prependListener('request', (_request, response: ServerResponse) =>
        response.setHeader('Connection', 'close'),
      );
    }
    const sweep = setInterval(
      () => servers.forEach((server) => server.closeIdleConnections()),
      IDLE_SWEEP_MS,
    );
    await Promise.allSettled(this.apps.map((app) => app.close()));
    clearInterval(sweep);
    await Promise.allSettled(this.resources.map((close) => close()));
    clearTimeout(deadline);
    this.logger.info('Shutdown complete');
    process.exitCode = 0;
    // Normally nothing is left and the process ends by itself; a forgotten handle must not keep it.
    setTimeout(() => process.exit(0), 1_000).unref();
  }
}

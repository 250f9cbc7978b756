import { Agent, request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tessera/testing';
import { cli, TesseraProcess } from '../support/cli';
import { basic, registerClient } from '../support/oauth';

const CONNECTIONS = 50;
const LOAD_BEFORE_SIGNAL_MS = 1_500;
const EXIT_DEADLINE_MS = 25_000;
/** How long after SIGTERM the server must still be waiting for the held statement. */
const PATIENCE_CHECK_MS = 700;

interface Outcome {
  readonly startedAt: number;
  readonly status?: number;
  readonly error?: string;
}

/** One client_credentials request on a keep-alive connection of `agent`. */
function tokenRequest(url: URL, agent: Agent, authorization: string): Promise<Outcome> {
  const startedAt = Date.now();
  const body = 'grant_type=client_credentials&scope=read';
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/oauth2/token',
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ startedAt, status: res.statusCode }));
        res.on('error', (error) => resolve({ startedAt, error: error.message }));
      },
    );
    req.on('error', (error) =>
      resolve({ startedAt, error: (error as NodeJS.ErrnoException).code }),
    );
    req.end(body);
  });
}

/**
 * SIGTERM while 50 connections keep the token endpoint busy (RFC-independent, DESIGN §3): every
 * request the server had accepted is answered in full, nothing answers 5xx, and the process exits
 * within 25 s (Kubernetes' default grace period is 30 s).
 */
describe('graceful shutdown under load', () => {
  let database: TestDatabase;
  let server: TesseraProcess;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const migrate = await cli(['migrate', 'sql', 'up', database.dsn, '--yes']);
    expect(migrate.code, migrate.stderr).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  /** `tessera serve all` on the test database, with a client_credentials client; its public URL. */
  async function startServer(clientId: string, secret: string): Promise<URL> {
    server = new TesseraProcess(['serve', 'all'], {
      env: {
        DSN: database.dsn,
        SECRETS_SYSTEM: 'a-system-secret-for-tests',
        SERVE_PUBLIC_PORT: '0',
        SERVE_ADMIN_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
        URLS_SELF_ISSUER: 'https://auth.example/',
        LOG_FORMAT: 'json',
      },
    });
    const publicUrl = new URL(await server.listening('Public'));
    await registerClient(await server.listening('Admin'), {
      client_id: clientId,
      client_secret: secret,
      grant_types: ['client_credentials'],
      scope: 'read',
    });
    return publicUrl;
  }

  it('answers every accepted request, never 5xx, and exits within 25 s', async () => {
    const publicUrl = await startServer('load', 'load-secret');
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const outcomes: Outcome[] = [];
    let signalledAt = Infinity;
    const worker = async () => {
      // Each connection keeps sending until the server stops answering it.
      for (;;) {
        const outcome = await tokenRequest(publicUrl, agent, basic('load', 'load-secret'));
        outcomes.push(outcome);
        if (outcome.error || outcome.status !== 200) return;
        if (Date.now() - signalledAt > EXIT_DEADLINE_MS) return;
      }
    };
    const load = Promise.all(Array.from({ length: CONNECTIONS }, worker));
    await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGNAL_MS));
    signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exit();
    const exitedAt = Date.now();
    await load;
    agent.destroy();

    expect(code).toBe(0);
    expect(exitedAt - signalledAt).toBeLessThan(EXIT_DEADLINE_MS);
    expect(server.stdout).toContain('Shutdown complete');
    const before = outcomes.filter((outcome) => outcome.startedAt < signalledAt);
    expect(before.length).toBeGreaterThan(CONNECTIONS);
    // Everything sent before the signal was answered, and answered 200.
    expect(before.filter((outcome) => outcome.status !== 200)).toEqual([]);
    // After it, a request is answered 200 or refused at the connection: never a 5xx.
    expect(outcomes.filter((outcome) => (outcome.status ?? 0) >= 500)).toEqual([]);
  }, 60_000);

  it('lets a statement in progress end before closing the pool, even when its client hung up', async () => {
    const publicUrl = await startServer('patient', 'patient-secret');
    // Holding the token table makes the token's INSERT wait: the request is in the database.
    const holder = new pg.Client({ connectionString: database.dsn });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE oauth2_access_token IN ACCESS EXCLUSIVE MODE');
      const agent = new Agent();
      const pending = tokenRequest(publicUrl, agent, basic('patient', 'patient-secret'));
      await waitForLockWaiters(holder, 1);
      agent.destroy(); // the client hangs up: the HTTP server has nothing left to wait for
      expect((await pending).error).toBeDefined();
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, PATIENCE_CHECK_MS));
      expect(server.child.exitCode).toBeNull();
      await holder.query('COMMIT');
      expect(await server.exit()).toBe(0);
      const rows = await holder.query(
        "SELECT count(*)::int AS n FROM oauth2_access_token WHERE client_id = 'patient'",
      );
      expect(rows.rows[0].n).toBe(1);
      expect(server.stdout).not.toContain('statements still running');
    } finally {
      await holder.end();
    }
  }, 60_000);
});

/** Waits until `count` sessions of the test database wait for a lock. */
async function waitForLockWaiters(client: pg.Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
    );
    if (rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no request reached the database');
}

import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tessera/testing';
import { cli, TesseraProcess } from '../support/cli';
import { basic, registerClient } from '../support/oauth';

const CONNECTIONS = 50;
const LOAD_BEFORE_SIGNAL_MS = 1_500;
const EXIT_DEADLINE_MS = 25_000;

interface Outcome {
  readonly startedAt: number;
  readonly status?: number;
  readonly error?: string;
}

/** One client_credentials request on a keep-alive connection of `agent`. */
function tokenRequest(url: URL, agent: Agent): Promise<Outcome> {
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
          authorization: basic('load', 'load-secret'),
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

  it('answers every accepted request, never 5xx, and exits within 25 s', async () => {
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
    const adminUrl = await server.listening('Admin');
    await registerClient(adminUrl, {
      client_id: 'load',
      client_secret: 'load-secret',
      grant_types: ['client_credentials'],
      scope: 'read',
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const outcomes: Outcome[] = [];
    let signalledAt = Infinity;
    const worker = async () => {
      // Each connection keeps sending until the server stops answering it.
      for (;;) {
        const outcome = await tokenRequest(publicUrl, agent);
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
});

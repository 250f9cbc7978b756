import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, type TestDatabase } from '@tessera/testing';
import { codeRequestUrl, CookieBrowser, queryParam, runFlow } from '../support/browser';
import { cli, TesseraProcess } from '../support/cli';
import { basic, postForm, registerClient } from '../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const USERS = 8;
/** The kill waits for this much traffic (bounded in time), so it lands mid-flow on a slow machine too. */
const EXCHANGES_BEFORE_KILL = USERS * 2;
const MAX_WAIT_BEFORE_KILL_MS = 15_000;

/**
 * `kill -9` in the middle of code exchanges and refresh rotations leaves no half-written grant:
 * each of them is one transaction, so afterwards every used code has its refresh token and every
 * active refresh token has its access token.
 */
describe('a crash mid-flow', () => {
  let database: TestDatabase;
  let server: TesseraProcess;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const migrated = await cli(['migrate', 'sql', 'up', database.dsn, '--yes']);
    expect(migrated.code, migrated.stderr).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('leaves every grant whole', async () => {
    const port = await freePort();
    server = new TesseraProcess(['serve', 'all', '--dev'], {
      env: {
        DSN: database.dsn,
        SECRETS_SYSTEM: 'a-system-secret-for-tests',
        SERVE_PUBLIC_PORT: String(port),
        SERVE_ADMIN_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
        URLS_SELF_ISSUER: `http://127.0.0.1:${port}/`,
      },
    });
    const publicUrl = `http://127.0.0.1:${port}`;
    await server.listening('Public');
    const adminUrl = await server.listening('Admin');
    const client = await registerClient(adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline',
    });
    const authorization = basic(client.client_id as string, client.client_secret as string);
    const token = (form: Record<string, string>) =>
      postForm(`${publicUrl}/oauth2/token`, form, authorization);
    const authorizeUrl = codeRequestUrl(
      publicUrl,
      client.client_id as string,
      REDIRECT,
      'openid offline',
    );
    let killed = false;
    let exchanges = 0;
    const user = async () => {
      while (!killed) {
        try {
          const flow = await runFlow(new CookieBrowser(), adminUrl, authorizeUrl);
          const code = queryParam(flow.answer.location, 'code') as string;
          let tokens = await token({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT,
          });
          exchanges++;
          for (let round = 0; round < 3 && tokens.status === 200; round++) {
            tokens = await token({
              grant_type: 'refresh_token',
              refresh_token: String(tokens.body.refresh_token),
            });
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(Array.from({ length: USERS }, user));
    const started = Date.now();
    while (exchanges < EXCHANGES_BEFORE_KILL && Date.now() - started < MAX_WAIT_BEFORE_KILL_MS)
      await new Promise((resolve) => setTimeout(resolve, 50));
    killed = true;
    server.child.kill('SIGKILL');
    await server.exit();
    await load;
    expect(exchanges).toBeGreaterThan(USERS);

    const db = new pg.Client({ connectionString: database.dsn });
    await db.connect();
    try {
      const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);
      expect(
        await count('SELECT COUNT(*) FROM oauth2_authorization_code WHERE NOT active'),
      ).toBeGreaterThan(0);
      // A used code always has the refresh token of its exchange (same request).
      expect(
        await count(`SELECT COUNT(*) FROM oauth2_authorization_code c WHERE NOT c.active
          AND NOT EXISTS (SELECT 1 FROM oauth2_refresh_token r WHERE r.request_id = c.request_id)`),
      ).toBe(0);
      // An active refresh token always has its access token: rotation is all or nothing.
      expect(
        await count(`SELECT COUNT(*) FROM oauth2_refresh_token r WHERE r.active
          AND NOT EXISTS (SELECT 1 FROM oauth2_access_token a WHERE a.signature = r.access_token_key)`),
      ).toBe(0);
      // A request has at most one active refresh token.
      expect(
        await count(`SELECT COUNT(*) FROM (SELECT request_id FROM oauth2_refresh_token WHERE active
          GROUP BY request_id HAVING COUNT(*) > 1) AS doubled`),
      ).toBe(0);
    } finally {
      await db.end();
    }
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, type TestDatabase } from '@tessera/testing';
import { cli, TesseraProcess } from '../support/cli';
import { call } from '../support/http';
import {
  commandStartingWith,
  type TutorialCommand,
  tutorialCommands,
  withPorts,
} from '../support/readme-tutorial';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');
const CONSENT_APP = join(
  __dirname,
  '..',
  '..',
  'dist',
  'apps',
  'consent-example',
  'src',
  'main.js',
);
const SECRETS_SYSTEM = 'aVeryLongTutorialSecretOf32Chars';

/** Waits until `url` answers. */
async function reachable(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${what} did not start at ${url}`);
}

/**
 * The README's tutorial, command by command as printed there (only the ports are the test's own):
 * migrate and serve on PostgreSQL, the machine client and its token, the example login and
 * consent app, `tessera token user` — and then headless Chromium clicking through the flow,
 * again with the login and consent remembered, and a logout. Screenshots of each step land in
 * `test-artifacts/browser/`.
 */
describe("the README's tutorial, in a real browser", () => {
  const commands = tutorialCommands();
  let ports: Map<number, number>;
  let database: TestDatabase;
  let server: TesseraProcess;
  let consentApp: ChildProcess;
  let relyingParty: TesseraProcess;
  let browser: Browser;
  let page: Page;
  let step = 0;

  /** The words after `tessera`, with the test's ports, database and the token printed before. */
  const args = (command: TutorialCommand, dsn = '', token = '') =>
    command.words
      .slice(1)
      .join(' ')
      .replace('$DSN', dsn)
      .replace('<the token printed above>', token)
      .split(' ')
      .map((word) => withPorts(word, ports));
  const env = (command: TutorialCommand) =>
    Object.fromEntries(
      Object.entries(command.env).map(([name, value]) => [name, withPorts(value, ports)]),
    );
  const shot = async (name: string) => {
    step += 1;
    const file = `${String(step).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
  };
  const url = (port: number) => `http://127.0.0.1:${ports.get(port)}`;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ports = new Map();
    for (const port of [9000, 9001, 9010, 9020]) ports.set(port, await freePort());
    database = await createTestDatabase('postgres');
    const dsn = `${database.dsn}?sslmode=disable`;
    const migrate = await cli(args(commandStartingWith(commands, 'tessera', 'migrate'), dsn));
    expect(migrate.code, migrate.stderr).toBe(0);
    const serve = commandStartingWith(commands, 'tessera', 'serve');
    server = new TesseraProcess(args(serve, dsn), {
      env: {
        ...env(serve),
        DSN: dsn,
        SECRETS_SYSTEM,
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
      },
    });
    await server.listening('Admin');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await relyingParty?.stop();
    consentApp?.kill('SIGTERM');
    await server?.stop();
    await database?.drop();
  });

  it('runs the machine-to-machine steps: health, help, a client, a token, its introspection', async () => {
    expect((await call('GET', `${url(9001)}/health/ready`)).body).toEqual({ status: 'ok' });
    expect((await cli(args(commandStartingWith(commands, 'tessera', 'help')))).stdout).toContain(
      'clients',
    );
    const created = await cli(args(commandStartingWith(commands, 'tessera', 'clients', 'create')));
    expect(created.stdout).toContain('OAuth 2.0 Client ID: some-consumer');
    const token = await cli(args(commandStartingWith(commands, 'tessera', 'token', 'client')));
    const accessToken = token.stdout.trim();
    expect(accessToken).toMatch(/^ory_at_/);
    const introspect = commandStartingWith(commands, 'tessera', 'token', 'introspect');
    const introspected = await cli(args(introspect, '', accessToken));
    expect(JSON.parse(introspected.stdout)).toMatchObject({
      active: true,
      client_id: 'some-consumer',
    });
  });

  it('starts the example app and token user, then logs in and grants in Chromium', async () => {
    const consent = commands.find(
      (command) => command.words.join(' ') === 'npm run start:consent',
    ) as TutorialCommand;
    consentApp = spawn(process.execPath, [CONSENT_APP], {
      env: { PATH: process.env.PATH ?? '', ...env(consent) },
      stdio: 'ignore',
    });
    await reachable(url(9020), 'the example login and consent app');
    const clients = commands.filter(
      (command) => command.words.slice(0, 3).join(' ') === 'tessera clients create',
    );
    expect((await cli(args(clients[1]))).stdout).toContain('OAuth 2.0 Client ID: another-consumer');
    relyingParty = new TesseraProcess([
      ...args(commandStartingWith(commands, 'tessera', 'token', 'user')),
      '--no-open',
      '--no-shutdown',
    ]);
    await reachable(`${url(9010)}/`, 'tessera token user');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();

    await page.goto(`${url(9010)}/`);
    await shot('home');
    await page.click('#authorize');
    await page.waitForSelector('#email');
    await shot('login');
    await page.fill('#email', 'foo@bar.com');
    await page.fill('#password', 'foobar');
    await page.check('#remember');
    await page.click('#accept');
    await page.waitForSelector('.grant_scope');
    await shot('consent');
    const scopes = await page
      .locator('.grant_scope')
      .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('value')));
    expect(scopes).toEqual(['openid', 'offline']);
    await page.check('#remember');
    await page.click('#accept');
    await page.waitForSelector('#access-token');
    await shot('tokens');
    expect(await page.textContent('#access-token')).toMatch(/^ory_at_/);
    expect(await page.textContent('#refresh-token')).toMatch(/^ory_rt_/);
    expect(await page.textContent('#claims')).toContain('"email": "foo@bar.com"');
    expect(relyingParty.stdout).toContain('Access Token:');
  });

  it('skips the login and the consent the second time', async () => {
    await page.goto(`${url(9010)}/`);
    await page.click('#authorize');
    await page.waitForSelector('#access-token');
    await shot('remembered');
    expect(page.url()).toContain('/callback');
    expect(await page.textContent('#claims')).toContain('"sub": "foo@bar.com"');
  });

  it('logs out through RP-initiated logout, and asks for the password again afterwards', async () => {
    await page.click('#logout');
    await page.waitForSelector('text=Sign out?');
    await shot('logout');
    await page.click('#accept');
    await page.waitForSelector('text=You have been logged out');
    await shot('logged-out');
    await page.goto(`${url(9010)}/`);
    await page.click('#authorize');
    await page.waitForSelector('#email');
    await shot('login-again');
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@tessera/testing';
import { cli } from '../support/cli';

describe.each(TEST_ENGINES)('tessera migrate sql on %s', (engine) => {
  let database: TestDatabase;
  let dsn: string;

  beforeAll(async () => {
    if (engine === 'postgres') {
      database = await createTestDatabase('postgres');
      dsn = database.dsn;
    } else {
      dsn = `sqlite://${join(mkdtempSync(join(tmpdir(), 'tessera-migrate-')), 'db.sqlite')}`;
    }
  });
  afterAll(() => database?.drop());

  const status = async () =>
    JSON.parse((await cli(['migrate', 'sql', 'status', dsn, '--format', 'json'])).stdout) as Array<{
      name: string;
      state: string;
    }>;

  it('shows every migration as pending on an empty database', async () => {
    const table = await cli(['migrate', 'sql', 'status', dsn]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Version\s+Name\s+Status$/m);
    expect(table.stdout).toMatch(/CreateOAuth2Client\d+\s+Pending/);
    expect((await status()).every((m) => m.state === 'Pending')).toBe(true);
  });

  it('asks before changing anything, and a "no" changes nothing', async () => {
    const declined = await cli(['migrate', 'sql', 'up', dsn], { stdin: 'maybe\nn\n' });
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Do you wish to execute this migration plan? [y/n]');
    expect(declined.stdout).toContain('Migration aborted.');
    expect((await status()).every((m) => m.state === 'Pending')).toBe(true);
    const closed = await cli(['migrate', 'sql', 'up', dsn], { stdin: '' });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('--yes');
  });

  it('applies with a "yes", rolls back with down --steps, and accepts the v1 form migrate sql --yes DSN', async () => {
    const applied = await cli(['migrate', 'sql', 'up', dsn], { stdin: 'yes\n' });
    expect(applied.code).toBe(0);
    expect((await status()).every((m) => m.state === 'Applied')).toBe(true);

    expect((await cli(['migrate', 'sql', 'down', dsn, '--yes'])).code).toBe(1);
    const down = await cli(['migrate', 'sql', 'down', dsn, '--steps', '1', '--yes']);
    expect(down.code).toBe(0);
    expect((await status()).some((m) => m.state === 'Pending')).toBe(true);

    const v1 = await cli(['migrate', 'sql', '--yes', dsn]);
    expect(v1.code).toBe(0);
    expect((await status()).every((m) => m.state === 'Applied')).toBe(true);
  });

  it('reads the DSN from the environment with -e, and from DSN without it', async () => {
    const run = await cli(['migrate', 'sql', 'status', '-e', '--format', 'json'], {
      env: { DSN: dsn },
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('tessera migrate without a usable DSN', () => {
  it('explains what is missing or wrong', async () => {
    const missing = await cli(['migrate', 'sql', 'up', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DSN');
    const wrong = await cli(['migrate', 'sql', 'up', 'mysql://db/x', '--yes']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('dsn');
    const unreachable = await cli([
      'migrate',
      'sql',
      'status',
      'postgres://postgres@127.0.0.1:1/none',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Could not connect to the database');
  });
});

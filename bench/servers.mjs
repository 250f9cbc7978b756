// Starting and stopping `tessera serve all` for the benchmarks: a fresh database per engine, the
// server pinned to core 0 (when `taskset` exists) so the load generator can have core 1.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tessera');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera_test';

export const PUBLIC_URL = 'http://127.0.0.1:14444';
export const ADMIN_URL = 'http://127.0.0.1:14445';

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Moves this process (the load generator) to core 1. */
export function pinLoadGenerator() {
  if (hasTaskset) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
}

/** A fresh SQLite file. */
export function sqliteDsn() {
  return `sqlite://${join(mkdtempSync(join(tmpdir(), 'tessera-bench-')), 'bench.sqlite')}`;
}

/** A fresh PostgreSQL database. */
export async function postgresDsn() {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS tessera_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE tessera_bench');
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = '/tessera_bench';
  return url.toString();
}

/** `node <args>` pinned to `core` when possible. */
export function spawnPinned(args, env, core) {
  const command = core !== undefined && hasTaskset ? 'taskset' : process.execPath;
  const argv = core !== undefined && hasTaskset ? ['-c', core, process.execPath, ...args] : args;
  return spawn(command, argv, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(url) {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`server at ${url} did not become ready`);
}

/** Migrates `dsn`, starts `tessera serve all` on it and registers `clients`. */
export async function startTessera(dsn, clients, extraEnv = {}) {
  execFileSync(process.execPath, [BIN, 'migrate', 'sql', 'up', dsn, '--yes'], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH },
  });
  const child = spawnPinned(
    [BIN, 'serve', 'all'],
    {
      DSN: dsn,
      SECRETS_SYSTEM: 'bench-system-secret-0123456789',
      URLS_SELF_ISSUER: 'https://auth.bench.example/',
      SERVE_PUBLIC_PORT: '14444',
      SERVE_ADMIN_PORT: '14445',
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_ADMIN_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ...extraEnv,
    },
    '0',
  );
  await waitReady(ADMIN_URL);
  for (const client of clients) {
    const created = await fetch(`${ADMIN_URL}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(client),
    });
    if (created.status !== 201) throw new Error(`client creation failed: ${created.status}`);
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

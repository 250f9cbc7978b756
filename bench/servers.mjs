// The servers the benchmarks load: `tessera serve all` on a fresh SQLite file or PostgreSQL
// database, oidc-provider (bench/oidc-provider-server.mjs) and a bare node:http baseline. Every
// server is pinned to core 0 (when `taskset` exists) so the load generator can have core 1.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tessera');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera_test';
/** The Node.js settings of the container image (its `ENV` lines), so the bench runs what ships. */
const IMAGE_ENV = Object.fromEntries(
  [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^ENV (NODE_\w+)=("?)(.*)\2$/gm)].map(
    (match) => [match[1], match[3]],
  ),
);

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

/** A fresh PostgreSQL database next to TEST_DATABASE_URL. */
export async function postgresDsn(name = 'tessera_bench') {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `node <args>` pinned to core 0 when possible (taskset execs, so the pid is node's). */
function spawnPinned(args, env) {
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...args] : args;
  return spawn(command, argv, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitFor(url) {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`server at ${url} did not become ready`);
}

function handle(child, fields) {
  return {
    ...fields,
    pid: child.pid,
    /** The resident set size now, in MiB (Linux). */
    rssMiB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

/**
 * Migrates `dsn`, starts `tessera serve all` on `port` (public) and `port + 1` (admin) with
 * production settings (https issuer, PBKDF2 client secrets, info JSON logs) and registers
 * `clients`. `bin` may point at another checkout's `bin/tessera` to compare two builds.
 */
export async function startTessera(
  dsn,
  clients,
  { port = 14444, env = {}, nodeArgs = [], bin = BIN } = {},
) {
  execFileSync(process.execPath, [bin, 'migrate', 'sql', 'up', dsn, '--yes'], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH },
  });
  const publicUrl = `http://127.0.0.1:${port}`;
  const adminUrl = `http://127.0.0.1:${port + 1}`;
  const child = spawnPinned([...nodeArgs, bin, 'serve', 'all'], {
    ...IMAGE_ENV,
    DSN: dsn,
    SECRETS_SYSTEM: 'bench-system-secret-0123456789',
    URLS_SELF_ISSUER: 'https://auth.bench.example/',
    URLS_SELF_PUBLIC: `${publicUrl}/`,
    SERVE_PUBLIC_PORT: String(port),
    SERVE_ADMIN_PORT: String(port + 1),
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...env,
  });
  await waitFor(`${adminUrl}/health/ready`);
  for (const client of clients) {
    const created = await fetch(`${adminUrl}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(client),
    });
    if (created.status !== 201) throw new Error(`client creation failed: ${created.status}`);
  }
  return handle(child, { kind: 'tessera', publicUrl, adminUrl });
}

/** oidc-provider with its in-memory adapter and `clients` (plaintext secrets). */
export async function startOidcProvider(clients, port = 14447) {
  const child = spawnPinned([join(ROOT, 'bench', 'oidc-provider-server.mjs')], {
    PORT: String(port),
    BENCH_CLIENTS: JSON.stringify(clients),
    NODE_ENV: 'production',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/.well-known/openid-configuration`);
  return handle(child, { kind: 'oidc-provider', publicUrl: url });
}

/** A bare node:http server answering a fixed JSON document: the ceiling of any Node.js server. */
export async function startBaseline(port = 14446) {
  const body = JSON.stringify({ issuer: 'https://auth.bench.example/', keys: [] });
  const source = `require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'application/json' }); r.end(${JSON.stringify(body)}); }).listen(${port}, '127.0.0.1')`;
  const child = spawnPinned(['-e', source], {});
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url);
  return handle(child, { kind: 'node:http', publicUrl: url });
}

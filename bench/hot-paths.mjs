#!/usr/bin/env node
// Throughput of the hot paths — client_credentials, introspection, discovery and JWKS — against
// `tessera serve all` on SQLite and on PostgreSQL, at concurrency 10 and 50, next to a bare
// `node:http` server answering fixed JSON (the ceiling of any Node.js server on this machine).
// Client secrets are hashed with PBKDF2 (25,000 iterations, Hydra's default) as in production.
// Servers run on core 0 and the load generator on core 1 when `taskset` is available.
//   npm run bench            (TEST_DATABASE_URL selects the PostgreSQL server)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tessera');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera_test';
const CLIENT = { id: 'bench-client', secret: 'bench-client-secret' };
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function postgresDsn() {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS tessera_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE tessera_bench');
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = '/tessera_bench';
  return url.toString();
}

function tessera(args, env, pin) {
  const command = pin && hasTaskset ? 'taskset' : process.execPath;
  const argv = pin && hasTaskset ? ['-c', pin, process.execPath, BIN, ...args] : [BIN, ...args];
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

async function startServer(dsn) {
  const env = {
    DSN: dsn,
    SECRETS_SYSTEM: 'bench-system-secret-0123456789',
    URLS_SELF_ISSUER: 'https://auth.bench.example/',
    SERVE_PUBLIC_PORT: '14444',
    SERVE_ADMIN_PORT: '14445',
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  execFileSync(process.execPath, [BIN, 'migrate', 'sql', 'up', dsn, '--yes'], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH },
  });
  const child = tessera(['serve', 'all'], env, '0');
  await waitReady('http://127.0.0.1:14445');
  const created = await fetch('http://127.0.0.1:14445/admin/clients', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
      grant_types: ['client_credentials'],
      scope: 'read write',
    }),
  });
  if (created.status !== 201) throw new Error(`client creation failed: ${created.status}`);
  return child;
}

function run(name, options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, ...options }, (error, result) => {
      if (error) return reject(error);
      const failures = result.non2xx + result.errors + result.timeouts;
      resolve({
        name,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        failures,
      });
    });
  });
}

async function benchEngine(engine, dsn) {
  const server = await startServer(dsn);
  const authorization = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
  const tokenRequest = {
    url: 'http://127.0.0.1:14444/oauth2/token',
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=read',
  };
  const issued = await (await fetch(tokenRequest.url, tokenRequest)).json();
  const introspection = {
    url: 'http://127.0.0.1:14445/admin/oauth2/introspect',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${issued.access_token}`,
  };
  const scenarios = (connections) => [
    [`client_credentials c=${connections}`, tokenRequest],
    [`introspection c=${connections}`, introspection],
    [
      `discovery c=${connections}`,
      { url: 'http://127.0.0.1:14444/.well-known/openid-configuration' },
    ],
    [`jwks c=${connections}`, { url: 'http://127.0.0.1:14444/.well-known/jwks.json' }],
  ];
  const rows = [];
  try {
    for (const connections of [10, 50]) {
      for (const [name, request] of scenarios(connections)) {
        rows.push({ engine, ...(await run(name, { ...request, connections })) });
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
  }
  return rows;
}

/** A bare node:http server answering a fixed JSON document: the baseline. */
async function benchBaseline() {
  const body = JSON.stringify({ issuer: 'https://auth.bench.example/', keys: [] });
  const source = `require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'application/json' }); r.end(${JSON.stringify(body)}); }).listen(14446, '127.0.0.1')`;
  const command = hasTaskset ? 'taskset' : process.execPath;
  const args = hasTaskset ? ['-c', '0', process.execPath, '-e', source] : ['-e', source];
  const server = spawn(command, args, { stdio: 'ignore' });
  await sleep(500);
  const rows = [];
  try {
    for (const connections of [10, 50]) {
      rows.push({
        engine: 'node:http',
        ...(await run(`fixed JSON c=${connections}`, {
          url: 'http://127.0.0.1:14446/',
          connections,
        })),
      });
    }
  } finally {
    server.kill('SIGTERM');
  }
  return rows;
}

if (hasTaskset) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const baseline = await benchBaseline();
const results = [
  ...(await benchEngine(
    'sqlite',
    `sqlite://${join(mkdtempSync(join(tmpdir(), 'tessera-bench-')), 'bench.sqlite')}`,
  )),
  ...(await benchEngine('postgres', await postgresDsn())),
  ...baseline,
];
const ceiling = (name) =>
  baseline.find((row) => row.name.endsWith(name.slice(name.indexOf(' c=')))).rps;
console.log(
  `\nTessera hot paths, ${DURATION}s per cell${hasTaskset ? ', servers on core 0, load on core 1' : ''}\n`,
);
console.log('| engine | scenario | req/s | p50 ms | p99 ms | failed | × node:http |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const row of results) {
  const ratio = (row.rps / ceiling(row.name)).toFixed(2);
  console.log(
    `| ${row.engine} | ${row.name} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.failures} | ${ratio} |`,
  );
}

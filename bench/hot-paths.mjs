#!/usr/bin/env node
// Throughput of the hot paths — client_credentials, introspection, discovery and JWKS — against
// `tessera serve all` on SQLite and on PostgreSQL, at concurrency 10 and 50, next to a bare
// `node:http` server answering fixed JSON (the ceiling of any Node.js server on this machine).
// Client secrets are hashed with PBKDF2 (25,000 iterations, Hydra's default) as in production.
// Servers run on core 0 and the load generator on core 1 when `taskset` is available.
//   npm run bench            (TEST_DATABASE_URL selects the PostgreSQL server)
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { hasTaskset, pinLoadGenerator, postgresDsn, sqliteDsn, startTessera } from './servers.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENT = { id: 'bench-client', secret: 'bench-client-secret' };
const REGISTERED_CLIENT = {
  client_id: CLIENT.id,
  client_secret: CLIENT.secret,
  grant_types: ['client_credentials'],
  scope: 'read write',
};

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
  const server = await startTessera(dsn, [REGISTERED_CLIENT]);
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
    await server.stop();
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

pinLoadGenerator();
const baseline = await benchBaseline();
const results = [
  ...(await benchEngine('sqlite', sqliteDsn())),
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

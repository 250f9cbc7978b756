#!/usr/bin/env node
// Tessera side by side with oidc-provider and a bare node:http server, in one run on one machine.
// Starts `tessera serve all` on SQLite and on PostgreSQL, oidc-provider (in-memory, plaintext
// secrets: its fastest setup) and node:http, all pinned to core 0, with the load generator on
// core 1; runs client_credentials, introspection, discovery, JWKS and complete authorization-code
// flows at concurrency 10 and 50, three interleaved repetitions; prints the median of each cell,
// its peak RSS, its ratios to oidc-provider and to node:http, and which targets are met.
//   npm run bench    (BENCH_SECONDS per cell, default 5; BENCH_ROUNDS, default 3;
//                     TEST_DATABASE_URL selects the PostgreSQL server; BENCH_ONLY and
//                     BENCH_CONCURRENCY narrow the cells, e.g. introspection and 50)
import { measureLoops, measureRequests, medianOf } from './measure.mjs';
import { CLIENT, codeFlow, hotPathRequests } from './scenarios.mjs';
import {
  hasTaskset,
  pinLoadGenerator,
  postgresDsn,
  sqliteDsn,
  startBaseline,
  startOidcProvider,
  startTessera,
} from './servers.mjs';
import { printReport } from './report.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = [10, 50];
const REQUEST_SCENARIOS = ['client_credentials', 'introspection', 'discovery', 'jwks'];
// Narrowing for work on one path, e.g. BENCH_ONLY=client_credentials,introspection.
const ONLY = process.env.BENCH_ONLY?.split(',');
const CONCURRENCY_ONLY = process.env.BENCH_CONCURRENCY?.split(',').map(Number);

pinLoadGenerator();
const servers = [
  { name: 'tessera sqlite', server: await startTessera(sqliteDsn(), [CLIENT.registration]) },
  {
    name: 'tessera postgres',
    server: await startTessera(await postgresDsn(), [CLIENT.registration], { port: 14454 }),
  },
  {
    name: 'oidc-provider',
    server: await startOidcProvider([
      { ...CLIENT.registration, scope: 'openid offline_access read write' },
    ]),
  },
  { name: 'node:http', server: await startBaseline() },
];

try {
  for (const entry of servers) {
    entry.requests = await hotPathRequests(entry.server);
    if (entry.server.kind !== 'node:http') await codeFlow(entry.server); // keys, JIT
  }
  const cells = [];
  for (const connections of CONCURRENCY_ONLY ?? CONCURRENCY) {
    for (const scenario of [...REQUEST_SCENARIOS, 'code flow']) {
      if (!ONLY || ONLY.includes(scenario)) cells.push({ scenario, connections });
    }
    cells.push({ scenario: 'fixed JSON', connections });
  }
  const runs = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const cell of cells) {
      // Rotate the order each round so no server always runs first (JIT, page cache, autovacuum).
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const entry of order) {
        const outcome = await measureCell(entry, cell);
        if (!outcome) continue;
        const key = `${entry.name}|${cell.scenario}|${cell.connections}`;
        runs.set(key, [...(runs.get(key) ?? []), outcome]);
        process.stderr.write(`round ${round + 1}: ${key} ${outcome.perSecond}/s\n`);
      }
    }
  }
  const rows = [...runs].map(([key, outcomes]) => {
    const [server, scenario, connections] = key.split('|');
    return { server, scenario, connections: Number(connections), ...medianOf(outcomes) };
  });
  printReport(rows, {
    seconds: SECONDS,
    rounds: ROUNDS,
    pinned: hasTaskset,
  });
} finally {
  await Promise.all(servers.map((entry) => entry.server.stop()));
}

/** One measurement of one cell on one server, or undefined when the server has no such cell. */
async function measureCell(entry, { scenario, connections }) {
  const { server, requests } = entry;
  if ((scenario === 'fixed JSON') !== (server.kind === 'node:http')) return undefined;
  if (scenario === 'fixed JSON') {
    return measureRequests(server, requests.baseline, connections, SECONDS);
  }
  if (scenario === 'code flow') {
    const flow = () => codeFlow(server);
    return measureLoops(server, connections, SECONDS, async () => undefined, flow);
  }
  return measureRequests(server, requests[scenario], connections, SECONDS);
}

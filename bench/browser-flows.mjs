#!/usr/bin/env node
// Complete authorization code flows per second — authorize → login accept → consent accept →
// back to authorize → token exchange, as a login/consent UI and a relying party make them — and
// refresh token rotations per second, against `tessera serve all` on SQLite and on PostgreSQL.
// Each virtual user runs its flows one after the other.
//   npm run bench:flows      (TEST_DATABASE_URL selects the PostgreSQL server)
import { measureLoops } from './measure.mjs';
import { CLIENT, codeFlow, tokenRequest } from './scenarios.mjs';
import { hasTaskset, pinLoadGenerator, postgresDsn, sqliteDsn, startTessera } from './servers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function benchEngine(engine, dsn) {
  const server = await startTessera(dsn, [CLIENT.registration]);
  const rows = [];
  try {
    await codeFlow(server); // creates the ID token key set
    for (const users of [1, 10]) {
      const flow = () => codeFlow(server);
      rows.push({
        engine,
        scenario: `code flow, ${users} users`,
        ...(await measureLoops(server, users, SECONDS, async () => undefined, flow)),
      });
    }
    for (const users of [1, 10, 50]) {
      const refresh = (previous) =>
        tokenRequest(server, {
          grant_type: 'refresh_token',
          refresh_token: previous.refresh_token,
        });
      rows.push({
        engine,
        scenario: `refresh, ${users} users`,
        ...(await measureLoops(server, users, SECONDS, () => codeFlow(server), refresh)),
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

pinLoadGenerator();
const results = [
  ...(await benchEngine('sqlite', sqliteDsn())),
  ...(await benchEngine('postgres', await postgresDsn())),
];
console.log(
  `\nTessera browser flows, ${SECONDS}s per cell${hasTaskset ? ', server on core 0, load on core 1' : ''}\n`,
);
console.log('| engine | scenario | per second | p50 ms | p99 ms | peak RSS MiB | failed |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const row of results) {
  console.log(
    `| ${row.engine} | ${row.scenario} | ${row.perSecond} | ${row.p50} | ${row.p99} | ${Math.round(row.rssMiB)} | ${row.failures} |`,
  );
}

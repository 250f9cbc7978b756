// The comparison table and the targets of the performance work, checked against one run.
import { cpus } from 'node:os';

const RSS_LIMIT_MIB = 200;

const find = (rows, server, scenario, connections) =>
  rows.find(
    (row) => row.server === server && row.scenario === scenario && row.connections === connections,
  );

function ratio(value, reference) {
  return reference ? (value / reference).toFixed(2) : '—';
}

/** Prints the table (markdown) and the targets, each met or missed. */
export function printReport(rows, { seconds, rounds, pinned }) {
  console.log(
    `\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node.js ${process.version}; ` +
      `${seconds}s per cell, median of ${rounds} interleaved rounds` +
      `${pinned ? '; servers on core 0, load generator on core 1' : ''}\n`,
  );
  console.log(
    '| scenario | c | server | per second | p50 ms | p99 ms | peak RSS MiB | failed | × oidc-provider | × node:http |',
  );
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const ordered = [...rows].sort(
    (a, b) => a.connections - b.connections || order(a.scenario) - order(b.scenario),
  );
  for (const row of ordered) {
    const op = find(rows, 'oidc-provider', row.scenario, row.connections);
    const base = find(rows, 'node:http', 'fixed JSON', row.connections);
    const isTessera = row.server.startsWith('tessera');
    const flow = row.scenario === 'code flow';
    console.log(
      `| ${row.scenario} | ${row.connections} | ${row.server} | ${row.perSecond} | ${row.p50} | ${row.p99} | ` +
        `${Math.round(row.rssMiB)} | ${row.failures} | ${isTessera ? ratio(row.perSecond, op?.perSecond) : '—'} | ` +
        `${isTessera && !flow ? ratio(row.perSecond, base?.perSecond) : '—'} |`,
    );
  }
  console.log('\nTargets (PostgreSQL unless said):\n');
  for (const [met, text] of targets(rows)) console.log(`- ${met ? 'met' : 'MISSED'}: ${text}`);
}

function order(scenario) {
  return [
    'client_credentials',
    'introspection',
    'discovery',
    'jwks',
    'code flow',
    'fixed JSON',
  ].indexOf(scenario);
}

/** [met, description] for every target of the performance issue. */
function targets(rows) {
  const pg = rows.filter((row) => row.server === 'tessera postgres');
  return [...throughput(rows), ...latency(rows, pg), ...memory(rows), ...engines(rows, pg)];
}

function throughput(rows) {
  const cells = [
    ['client_credentials', 50],
    ['introspection', 50],
    ['discovery', 10],
    ['discovery', 50],
    ['jwks', 10],
    ['jwks', 50],
  ];
  return cells.flatMap(([scenario, connections]) => {
    const ours = find(rows, 'tessera postgres', scenario, connections);
    const theirs = find(rows, 'oidc-provider', scenario, connections);
    if (!ours || !theirs) return [];
    const times = ratio(ours.perSecond, theirs.perSecond);
    return [
      [
        ours.perSecond >= theirs.perSecond,
        `${scenario} c=${connections}: ${ours.perSecond}/s = ${times}× oidc-provider (≥ 1.0)`,
      ],
    ];
  });
}

function latency(rows, pg) {
  return pg.flatMap((ours) => {
    const theirs = find(rows, 'oidc-provider', ours.scenario, ours.connections);
    if (!theirs) return [];
    return [
      [
        ours.p99 <= theirs.p99,
        `p99 ${ours.scenario} c=${ours.connections}: ${ours.p99} ms vs ${theirs.p99} ms`,
      ],
    ];
  });
}

function memory(rows) {
  return ['tessera sqlite', 'tessera postgres'].map((server) => {
    const peak = Math.max(...rows.filter((row) => row.server === server).map((row) => row.rssMiB));
    return [
      peak <= RSS_LIMIT_MIB,
      `peak RSS of ${server} under load: ${Math.round(peak)} MiB (≤ ${RSS_LIMIT_MIB})`,
    ];
  });
}

function engines(rows, pg) {
  return pg.flatMap((ours) => {
    const lite = find(rows, 'tessera sqlite', ours.scenario, ours.connections);
    if (!lite) return [];
    return [
      [
        lite.perSecond >= ours.perSecond,
        `sqlite ≥ postgres, ${ours.scenario} c=${ours.connections}: ${lite.perSecond}/s vs ${ours.perSecond}/s`,
      ],
    ];
  });
}

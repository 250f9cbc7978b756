#!/usr/bin/env node
// CPU profile of one hot path: starts `tessera serve all` under `node --cpu-prof`, loads one
// scenario with autocannon, stops the server and prints the functions with the most self time
// and the packages they belong to. The .cpuprofile file is kept for Chrome DevTools.
//   npm run bench:profile -- <client_credentials|introspection> [sqlite|postgres]
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pinLoadGenerator, postgresDsn, sqliteDsn, startTessera } from './servers.mjs';
import { CLIENT, hotPathRequests } from './scenarios.mjs';

const [scenario = 'client_credentials', engine = 'postgres'] = process.argv.slice(2);
const directory = mkdtempSync(join(tmpdir(), 'tessera-profile-'));
pinLoadGenerator();
const dsn = engine === 'sqlite' ? sqliteDsn() : await postgresDsn();
const server = await startTessera(dsn, [CLIENT.registration], {
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${directory}`],
});
const requests = await hotPathRequests(server);
await new Promise((resolve, reject) =>
  autocannon({ ...requests[scenario], connections: 50, duration: 10 }, (error, result) =>
    error ? reject(error) : resolve(console.log(`${Math.round(result.requests.average)} req/s`)),
  ),
);
await server.stop();

const file = join(
  directory,
  readdirSync(directory).find((name) => name.endsWith('.cpuprofile')),
);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const interval = (profile.endTime - profile.startTime) / profile.samples.length;
const hits = new Map(profile.samples.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map()));
const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const node of profile.nodes) {
  const time = (hits.get(node.id) ?? 0) * interval;
  total += time;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const pkg = url.includes('node_modules/')
    ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
    : url.startsWith('node:') || !url
      ? url || functionName
      : url.includes('/dist/')
        ? 'tessera'
        : url;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
}
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
console.log(`\nself time by package\n${top(byPackage, 25).join('\n')}`);
console.log(`\nself time by function\n${top(byFunction, 40).join('\n')}`);
console.log(`\nprofile: ${file}`);

#!/usr/bin/env node
// How many token-shaped requests per second each HTTP stack can answer on one core when the
// handler does nothing: the ceiling a framework puts on a token endpoint before any OAuth work.
// node:http, Express 5, NestJS on Express (Tessera's stack) and NestJS on Fastify, at
// concurrency 10 and 50, median of three interleaved rounds.
//   npm run bench:frameworks    (BENCH_SECONDS per cell, default 5)
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureRequests, medianOf } from './measure.mjs';
import { hasTaskset, pinLoadGenerator } from './servers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FRAMEWORKS = ['node:http', 'express', 'nest-express', 'nest-fastify'];
const SERVER = new URL('framework-ceiling-server.mjs', import.meta.url).pathname;

async function start(framework, port) {
  const args = [SERVER];
  const child = spawn(
    hasTaskset ? 'taskset' : process.execPath,
    hasTaskset ? ['-c', '0', process.execPath, ...args] : args,
    {
      env: { PATH: process.env.PATH, FRAMEWORK: framework, PORT: String(port) },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}/oauth2/token`;
  const request = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=read',
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url, request)).ok) break;
    } catch {
      await sleep(100);
    }
  }
  const rssMiB = () => 0;
  return { framework, request, child, server: { rssMiB } };
}

pinLoadGenerator();
const servers = await Promise.all(FRAMEWORKS.map((framework, i) => start(framework, 14460 + i)));
const runs = new Map();
try {
  for (let round = 0; round < 3; round++) {
    for (const connections of [10, 50]) {
      for (const entry of servers) {
        const outcome = await measureRequests(entry.server, entry.request, connections, SECONDS);
        const key = `${entry.framework}|${connections}`;
        runs.set(key, [...(runs.get(key) ?? []), outcome]);
      }
    }
  }
} finally {
  for (const entry of servers) entry.child.kill('SIGTERM');
}
console.log(
  `\nA no-op token endpoint, ${SECONDS}s per cell, median of 3 rounds${hasTaskset ? ', server on core 0' : ''}\n`,
);
console.log('| stack | c | req/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const [key, outcomes] of runs) {
  const [framework, connections] = key.split('|');
  const { perSecond, p50, p99 } = medianOf(outcomes);
  console.log(`| ${framework} | ${connections} | ${perSecond} | ${p50} | ${p99} |`);
}

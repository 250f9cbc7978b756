#!/usr/bin/env node
// Complete authorization code flows per second — authorize → login accept → consent accept →
// back to authorize → token exchange, 7 HTTP requests each, as a login/consent UI and a relying
// party would make them — and refresh token rotations per second, against `tessera serve all`
// on SQLite and on PostgreSQL. Each virtual user runs its flows one after the other.
//   npm run bench:flows      (TEST_DATABASE_URL selects the PostgreSQL server)
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  ADMIN_URL,
  hasTaskset,
  pinLoadGenerator,
  postgresDsn,
  PUBLIC_URL,
  sqliteDsn,
  startTessera,
} from './servers.mjs';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const CLIENT = {
  client_id: 'bench-app',
  client_secret: 'bench-app-secret',
  redirect_uris: ['https://app.bench.example/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: 'openid offline',
};
const BASIC = `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`;

/** GET without following redirects, carrying and keeping cookies. */
async function visit(url, jar) {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { cookie: [...jar].join('; ') },
  });
  for (const line of response.headers.getSetCookie()) jar.add(line.split(';')[0]);
  await response.arrayBuffer();
  return new URL(response.headers.get('location'), url);
}

async function decide(kind, challenge, body) {
  const url = `${ADMIN_URL}/admin/oauth2/auth/requests/${kind}/accept?${kind}_challenge=${challenge}`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${kind} accept: ${response.status}`);
  return (await response.json()).redirect_to;
}

async function token(form) {
  const response = await fetch(`${PUBLIC_URL}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`token: ${response.status} ${body.error}`);
  return body;
}

/** One complete code flow with PKCE; returns the token response. */
async function codeFlow() {
  const jar = new Set();
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: CLIENT.client_id,
    response_type: 'code',
    redirect_uri: CLIENT.redirect_uris[0],
    scope: 'openid offline',
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const login = await visit(`${PUBLIC_URL}/oauth2/auth?${query}`, jar);
  const afterLogin = await decide('login', login.searchParams.get('login_challenge'), {
    subject: 'bench-user',
  });
  const consent = await visit(afterLogin, jar);
  const afterConsent = await decide('consent', consent.searchParams.get('consent_challenge'), {
    grant_scope: ['openid', 'offline'],
    session: { id_token: { email: 'bench@example.com' } },
  });
  const callback = await visit(afterConsent, jar);
  return token({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code'),
    redirect_uri: CLIENT.redirect_uris[0],
    code_verifier: verifier,
  });
}

/** Runs `users` loops of `step` for the duration; returns completions per second and latencies. */
async function measure(users, prepare, step) {
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: users }, async () => {
      let state = await prepare();
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          state = await step(state);
          latencies.push(performance.now() - started);
        } catch {
          failures++;
          state = await prepare();
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    perSecond: Math.round((latencies.length / DURATION_MS) * 1000),
    p50: at(0.5).toFixed(1),
    p99: at(0.99).toFixed(1),
    failures,
  };
}

async function benchEngine(engine, dsn) {
  const server = await startTessera(dsn, [CLIENT], { URLS_SELF_PUBLIC: `${PUBLIC_URL}/` });
  const rows = [];
  try {
    await codeFlow(); // creates the ID token key set
    for (const users of [1, 10]) {
      rows.push({
        engine,
        scenario: `code flow, ${users} users`,
        ...(await measure(users, async () => undefined, codeFlow)),
      });
    }
    for (const users of [1, 10, 50]) {
      const refresh = async (previous) =>
        token({ grant_type: 'refresh_token', refresh_token: previous.refresh_token });
      rows.push({
        engine,
        scenario: `refresh, ${users} users`,
        ...(await measure(users, codeFlow, refresh)),
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
  `\nTessera browser flows, ${DURATION_MS / 1000}s per cell${hasTaskset ? ', server on core 0, load on core 1' : ''}\n`,
);
console.log('| engine | scenario | per second | p50 ms | p99 ms | failed |');
console.log('|---|---|---:|---:|---:|---:|');
for (const row of results) {
  console.log(
    `| ${row.engine} | ${row.scenario} | ${row.perSecond} | ${row.p50} | ${row.p99} | ${row.failures} |`,
  );
}

#!/usr/bin/env node
// Does the time of an answer tell how much of a secret was right? For each secret Tessera
// compares — a client secret, an opaque token's signature, a PKCE verifier — this sends wrong
// values that differ from the right one in their first character and wrong values that differ
// only in their last, interleaved at random, one at a time, against `tessera serve all` on
// SQLite (pinned to core 0), and prints the medians of both groups and Welch's t. A comparison
// that stops at the first differing byte would make the "last" group measurably slower; |t|
// below about 3 means no difference stands out of the noise.
//   npm run bench:timing    (BENCH_TIMING_SAMPLES per group, default 400)
import { createHash } from 'node:crypto';
import { pinLoadGenerator, sqliteDsn, startTessera } from './servers.mjs';

const SAMPLES = Number(process.env.BENCH_TIMING_SAMPLES ?? 400);
const SECRET = 'timing-secret-0123456789-abcdefghij';
const REDIRECT = 'http://127.0.0.1:5555/cb';
const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** `value` with its character at `index` replaced by another of the same alphabet. */
function flip(value, index) {
  const replacement = value[index] === 'A' ? 'B' : 'A';
  return `${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (samples.length - 1);
  return { median: sorted[Math.floor(sorted.length / 2)], mean, variance, n: samples.length };
}

/** Times `send(value)` for both groups, interleaved at random; returns medians and Welch's t. */
async function compare(name, early, late, send) {
  for (let warm = 0; warm < 20; warm++) await send(warm % 2 ? early() : late());
  const groups = { early: [], late: [] };
  const order = Array.from({ length: SAMPLES * 2 }, (_, i) => (i % 2 ? 'early' : 'late'));
  order.sort(() => Math.random() - 0.5);
  for (const group of order) {
    const value = group === 'early' ? early() : late();
    const started = process.hrtime.bigint();
    await send(value);
    groups[group].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const a = stats(groups.early);
  const b = stats(groups.late);
  const t = (b.mean - a.mean) / Math.sqrt(a.variance / a.n + b.variance / b.n);
  return { name, early: a.median, late: b.median, t };
}

async function post(url, form, authorization) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A code of a PKCE flow: login and consent accepted through the admin API. */
async function pkceCode(server, verifier) {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: 'timing-public',
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: 'state-0123456789',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  let cookies = '';
  const hop = async (url) => {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookies } });
    for (const line of response.headers.getSetCookie()) cookies += `${line.split(';')[0]}; `;
    return new URL(response.headers.get('location'), url);
  };
  const decide = async (kind, challengeValue, body) => {
    const url = `${server.adminUrl}/admin/oauth2/auth/requests/${kind}/accept?${kind}_challenge=${challengeValue}`;
    const answer = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await answer.json()).redirect_to;
  };
  const login = await hop(`${server.publicUrl}/oauth2/auth?${query}`);
  const toConsent = await hop(
    await decide('login', login.searchParams.get('login_challenge'), { subject: 'timing' }),
  );
  const consent = await hop(
    await decide('consent', toConsent.searchParams.get('consent_challenge'), {
      grant_scope: ['openid'],
    }),
  );
  return consent.searchParams.get('code');
}

pinLoadGenerator();
const server = await startTessera(sqliteDsn(), [
  {
    client_id: 'timing',
    client_secret: SECRET,
    grant_types: ['client_credentials'],
    scope: 'read',
  },
  {
    client_id: 'timing-public',
    token_endpoint_auth_method: 'none',
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid',
  },
]);
const tokenUrl = `${server.publicUrl}/oauth2/token`;
try {
  const results = [];
  results.push(
    await compare(
      'client secret (PBKDF2)',
      () => flip(SECRET, 0),
      () => flip(SECRET, SECRET.length - 1),
      (secret) => post(tokenUrl, { grant_type: 'client_credentials' }, basic('timing', secret)),
    ),
  );
  const token = JSON.parse(
    await (
      await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('timing', SECRET),
        },
        body: 'grant_type=client_credentials',
      })
    ).text(),
  ).access_token;
  const signatureAt = token.indexOf('.') + 1;
  results.push(
    await compare(
      'access token signature (HMAC)',
      () => flip(token, signatureAt),
      () => flip(token, token.length - 1),
      (value) => post(`${server.adminUrl}/admin/oauth2/introspect`, { token: value }),
    ),
  );
  const verifier = 'v'.repeat(43);
  const code = await pkceCode(server, verifier);
  const exchange = (value) =>
    post(tokenUrl, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'timing-public',
      code_verifier: value,
    });
  results.push(
    await compare(
      'PKCE code_verifier',
      () => flip(verifier, 0),
      () => flip(verifier, verifier.length - 1),
      exchange,
    ),
  );
  console.log(`\n${SAMPLES} samples per group, one request at a time\n`);
  console.log('secret                          first differs  last differs   Welch t');
  for (const row of results) {
    const cells = [row.early, row.late].map((ms) => `${ms.toFixed(3)} ms`.padStart(13));
    console.log(`${row.name.padEnd(30)} ${cells.join('  ')}  ${row.t.toFixed(2).padStart(8)}`);
  }
} finally {
  await server.stop();
}

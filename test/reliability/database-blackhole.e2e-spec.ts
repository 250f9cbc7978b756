import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestServer,
  type TestDatabase,
  type TestServer,
} from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { call, type HttpAnswer } from '../support/http';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../support/oauth';
import { TcpProxy } from '../support/tcp-proxy';

const WORKERS_PER_KIND = 2;
const WARM_UP_MS = 1_000;
const PARTITION_LOAD_MS = 4_000;
/** Longer than any answer may take: a request still open by then counts as hung. */
const HUNG_MS = 8_000;

type Kind = 'token' | 'introspection' | 'revocation';

interface Outcome {
  readonly kind: Kind;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
  readonly error?: string;
}

/** Polls `check` until it holds or `withinMs` passes; returns how long it took. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${withinMs} ms`);
}

/** Runs `send`, recording how long it took; a request that never answers is recorded as 0. */
async function timed(kind: Kind, send: () => Promise<HttpAnswer>): Promise<Outcome> {
  const startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), HUNG_MS);
  });
  const answer = await Promise.race([send().catch(() => undefined), hung]);
  clearTimeout(timer);
  const error = (answer?.body as { error?: unknown } | undefined)?.error;
  return {
    kind,
    startedAt,
    endedAt: Date.now(),
    status: answer?.status ?? 0,
    error: typeof error === 'string' ? error : undefined,
  };
}

/**
 * PostgreSQL cut off by a network partition: packets vanish, no FIN, no RST (a TCP proxy stops
 * forwarding and never closes). Under load, every request fails within 3 s with 503
 * temporarily_unavailable — a revocation never answers 200 — readiness turns 503 within 5 s, and
 * once the network is back traffic recovers within 10 s without a restart, although the
 * connections caught in the partition stay dead: the server must give up on them by itself.
 * The server runs with the default timeouts.
 */
describe('PostgreSQL behind a network partition', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: TestServer;
  let kept: string;

  const token = () => clientCredentialsToken(server.publicUrl, 'partition', 'partition-secret');
  const revoke = (value: string) =>
    postForm(
      `${server.publicUrl}/oauth2/revoke`,
      { token: value },
      basic('partition', 'partition-secret'),
    );
  const ready = async () => (await call('GET', `${server.adminUrl}/health/ready`)).status;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.dsn);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(database.dsn);
    viaProxy.port = String(proxy.port);
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { dsn: viaProxy.toString() },
    );
    await registerClient(server.adminUrl, {
      client_id: 'partition',
      client_secret: 'partition-secret',
      grant_types: ['client_credentials'],
    });
    kept = String((await token()).body.access_token);
  });
  afterAll(async () => {
    await proxy?.stop(); // cuts the dead connections, so the pool closes at once
    await server?.close();
    await database?.drop();
  });

  it('fails fast with 503 while partitioned, turns unready, and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    let partitioned = false;
    let loading = true;
    const send: Record<Kind, () => Promise<HttpAnswer>> = {
      token,
      introspection: () => introspect(server.adminUrl, kept),
      // Before the partition revoke throwaway tokens; during it, the one that must survive.
      revocation: () => revoke(partitioned ? kept : 'ory_at_unknown.signature'),
    };
    const worker = async (kind: Kind) => {
      while (loading) outcomes.push(await timed(kind, send[kind]));
    };
    const kinds: Kind[] = ['token', 'introspection', 'revocation'];
    const workers = kinds.flatMap((kind) => Array.from({ length: WORKERS_PER_KIND }, () => kind));
    const load = Promise.all(workers.map(worker));

    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);

    proxy.blackhole();
    const partitionedAt = Date.now();
    partitioned = true;
    const notReadyAfter = await within(5_000, async () => (await ready()) === 503);
    const remaining = PARTITION_LOAD_MS - (Date.now() - partitionedAt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(remaining, 0)));
    loading = false;
    await load; // every request has answered before the network comes back
    const restoredAt = Date.now();
    await proxy.restore();

    const recoveredAfter = await within(10_000, async () => (await token()).status === 200);
    expect((await introspect(server.adminUrl, kept)).body.active).toBe(true); // nothing lost
    expect((await revoke('ory_at_unknown.signature')).status).toBe(200);
    await within(2_000, async () => (await ready()) === 200);

    expect(notReadyAfter).toBeLessThan(5_000);
    expect(recoveredAfter).toBeLessThan(10_000);
    expectFastFailures(outcomes, partitionedAt, restoredAt);
  }, 40_000);
});

/** Every request sent while partitioned answered 503 within 3 s; those in flight, too. */
function expectFastFailures(outcomes: Outcome[], partitionedAt: number, restoredAt: number): void {
  const during = outcomes.filter((outcome) => outcome.startedAt >= partitionedAt);
  const inFlight = outcomes.filter(
    (outcome) => outcome.startedAt < partitionedAt && outcome.endedAt >= partitionedAt,
  );
  expect(during.length).toBeGreaterThanOrEqual(WORKERS_PER_KIND * 3);
  for (const kind of ['token', 'introspection', 'revocation'])
    expect(during.some((outcome) => outcome.kind === kind)).toBe(true);
  const label = (outcome: Outcome) =>
    JSON.stringify({ ...outcome, startedAt: outcome.startedAt - partitionedAt });
  for (const outcome of during) {
    expect(outcome.endedAt - outcome.startedAt, label(outcome)).toBeLessThan(3_000);
    expect(outcome, label(outcome)).toMatchObject({
      status: 503,
      error: 'temporarily_unavailable',
    });
    expect(outcome.endedAt).toBeLessThanOrEqual(restoredAt);
  }
  for (const outcome of inFlight) {
    expect(outcome.endedAt - partitionedAt, label(outcome)).toBeLessThan(3_000);
    expect([200, 503], label(outcome)).toContain(outcome.status);
  }
}

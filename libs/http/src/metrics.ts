import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { type FlowDecision, type FlowStep, Telemetry } from '@tessera/kernel';

/** Where the fast path leaves the route it served, for the request metrics. */
export const SERVED_ROUTE = Symbol('tessera.route');

type ObservedRequest = IncomingMessage & { route?: { path?: string }; [SERVED_ROUTE]?: string };

/** The route pattern that answered (never the raw path: bounded label cardinality). */
export function routeOf(request: IncomingMessage): string {
  const observed = request as ObservedRequest;
  return observed[SERVED_ROUTE] ?? observed.route?.path ?? 'unmatched';
}
type PgPool = { totalCount: number; idleCount: number; waitingCount: number };

/**
 * The process's Prometheus metrics (prom-client): one registry for every app of the process, so
 * that `serve all` exposes both apps on the admin port. Requests are counted per app, method,
 * route pattern (never the raw path: bounded cardinality) and status.
 */
export class TesseraMetrics {
  private static shared: TesseraMetrics | undefined;
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'tessera_http_requests_total',
    help: 'HTTP requests by app, method, route and status.',
    labelNames: ['app', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP request latency by app, method, route and status.',
    labelNames: ['app', 'method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly tokensIssued = new Counter({
    name: 'tessera_tokens_issued_total',
    help: 'Token responses issued, by grant type.',
    labelNames: ['grant_type'] as const,
    registers: [this.registry],
  });
  readonly introspections = new Counter({
    name: 'tessera_introspections_total',
    help: 'Token introspections, by result (active or inactive).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly flowDecisions = new Counter({
    name: 'tessera_flow_decisions_total',
    help: 'Login, consent and logout decisions of the UIs, by step and decision.',
    labelNames: ['step', 'decision'] as const,
    registers: [this.registry],
  });
  private readonly pools = new Set<PgPool>();

  private constructor() {
    collectDefaultMetrics({ register: this.registry });
    const pools = this.pools;
    new Gauge({
      name: 'tessera_db_pool_connections',
      help: 'Database pool connections, by state (total, idle, waiting requests).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const sum = (read: (pool: PgPool) => number) =>
          [...pools].reduce((n, pool) => n + read(pool), 0);
        this.set(
          { state: 'total' },
          sum((pool) => pool.totalCount),
        );
        this.set(
          { state: 'idle' },
          sum((pool) => pool.idleCount),
        );
        this.set(
          { state: 'waiting' },
          sum((pool) => pool.waitingCount),
        );
      },
    });
  }

  static instance(): TesseraMetrics {
    TesseraMetrics.shared ??= new TesseraMetrics();
    return TesseraMetrics.shared;
  }

  /** Counts and times one request once it is answered. */
  record(app: string, request: IncomingMessage, response: ServerResponse, started: bigint): void {
    const labels = {
      app,
      method: request.method ?? 'GET',
      route: routeOf(request),
      status: String(response.statusCode),
    };
    this.requests.inc(labels);
    this.latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** Exposes the connection pool of a PostgreSQL DataSource. */
  watchPool(dataSource: DataSource): void {
    const pool = (dataSource.driver as { master?: PgPool }).master;
    if (pool && typeof pool.totalCount === 'number') this.pools.add(pool);
  }

  unwatchPool(dataSource: DataSource): void {
    const pool = (dataSource.driver as { master?: PgPool }).master;
    if (pool) this.pools.delete(pool);
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `Telemetry` recorded into the process's Prometheus metrics. */
@Injectable()
export class PrometheusTelemetry extends Telemetry {
  private readonly metrics = TesseraMetrics.instance();

  tokenIssued(grantType: string): void {
    this.metrics.tokensIssued.inc({ grant_type: grantType });
  }

  introspected(active: boolean): void {
    this.metrics.introspections.inc({ result: active ? 'active' : 'inactive' });
  }

  flowDecided(step: FlowStep, decision: FlowDecision): void {
    this.metrics.flowDecisions.inc({ step, decision });
  }
}

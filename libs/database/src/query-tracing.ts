import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DataSource, QueryRunner } from 'typeorm';

const traced = new WeakSet<QueryRunner>();

/**
 * A span around every database statement of `dataSource` (OpenTelemetry database conventions):
 * the system, the operation and the statement text — parameters are bound separately and never
 * recorded. Inside a request they are children of its server span.
 */
export function traceQueries(dataSource: DataSource): void {
  const driver = dataSource.driver;
  const system = dataSource.options.type === 'postgres' ? 'postgresql' : 'sqlite';
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (!traced.has(runner)) {
      traced.add(runner);
      wrapQuery(runner, system);
    }
    return runner;
  };
}

function wrapQuery(runner: QueryRunner, system: string): void {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const tracer = trace.getTracer('tessera.database');
  const traced = async (...args: unknown[]): Promise<unknown> => {
    const statement = String(args[0]);
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'QUERY';
    return tracer.startActiveSpan(
      `${operation} ${system}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': system,
          'db.operation.name': operation,
          'db.query.text': statement,
        },
      },
      async (span) => {
        try {
          return await query(...args);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
  runner.query = traced as QueryRunner['query'];
}

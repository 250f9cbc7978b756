import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { TesseraSettings } from '@tessera/config';

export interface TracingOptions {
  readonly serviceName: string;
  readonly environment?: string;
  /** Share of traces sampled, 0 to 1; a sampled parent's decision is followed. */
  readonly samplingRatio?: number;
}

/**
 * OpenTelemetry tracing of the process (hydra-compat §5.2 `tracing.*`): spans of HTTP requests
 * (`instrumentServer`) and database queries (`traceQueries`), exported over OTLP/HTTP. Off unless
 * `tracing.provider` is `otel`; then the spans of a request share its trace through an
 * AsyncLocalStorage context.
 */
export class Tracing {
  private constructor(
    private readonly provider: BasicTracerProvider,
    private readonly contextManager: AsyncLocalStorageContextManager,
  ) {}

  /** Tracing as configured, or `undefined` when it is off. */
  static fromConfig(settings: TesseraSettings['tracing'], logger: Logger): Tracing | undefined {
    if (settings.provider === '') return undefined;
    if (settings.provider !== 'otel') {
      logger.warn(
        `tracing.provider ${settings.provider} is not supported; use otel (OTLP). Tracing is off.`,
      );
      return undefined;
    }
    const otlp = settings.providers.otlp;
    const exporter = new OTLPTraceExporter({
      url: `${otlp.insecure ? 'http' : 'https'}://${otlp.server_url}/v1/traces`,
      headers: otlp.authorization_header ? { Authorization: otlp.authorization_header } : {},
    });
    logger.info(`Exporting traces to ${otlp.server_url} (OTLP/HTTP)`);
    return Tracing.start(new BatchSpanProcessor(exporter), {
      serviceName: settings.service_name,
      environment: settings.deployment_environment,
      samplingRatio: otlp.sampling.sampling_ratio,
    });
  }

  /** Tracing into any span processor (tests hand in an in-memory exporter). */
  static start(processor: SpanProcessor, options: TracingOptions): Tracing {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': options.serviceName,
        ...(options.environment ? { 'deployment.environment.name': options.environment } : {}),
      }),
      sampler: new ParentBasedSampler({
        root: new TraceIdRatioBasedSampler(options.samplingRatio ?? 1),
      }),
      spanProcessors: [processor],
    });
    trace.setGlobalTracerProvider(provider);
    return new Tracing(provider, contextManager);
  }

  /** Sends what is buffered and stops. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
    trace.disable();
    context.disable();
    this.contextManager.disable();
  }
}

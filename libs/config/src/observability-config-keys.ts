import type { ConfigKey } from './config-key';
import { boolValue, enumValue, intValue, ratioValue, stringValue } from './config-values';

/**
 * Metrics and tracing. Hydra serves metrics on the admin port only; `serve.metrics` is Tessera's
 * listener for `serve public` on its own. Tracing keeps Hydra's `tracing.*` keys, with the OTLP
 * provider (`tracing.provider: otel`).
 */
export const OBSERVABILITY_KEYS: readonly ConfigKey[] = [
  {
    path: 'serve.metrics.host',
    parse: stringValue,
    default: '',
    description: 'Metrics listener host of `serve public` (empty: every interface).',
  },
  {
    path: 'serve.metrics.port',
    parse: intValue(0, 65_535),
    default: 4447,
    description: 'Metrics listener port of `serve public` (/metrics/prometheus); 0 turns it off.',
  },
  {
    path: 'tracing.provider',
    parse: enumValue(['', 'otel', 'jaeger', 'zipkin'] as const),
    default: '',
    description:
      'otel: export OpenTelemetry spans over OTLP/HTTP; empty: no tracing (jaeger and zipkin are accepted and ignored with a warning).',
  },
  {
    path: 'tracing.service_name',
    parse: stringValue,
    default: 'Tessera',
    description: 'service.name of the spans.',
  },
  {
    path: 'tracing.deployment_environment',
    parse: stringValue,
    default: '',
    description: 'deployment.environment of the spans.',
  },
  {
    path: 'tracing.providers.otlp.server_url',
    parse: stringValue,
    default: 'localhost:4318',
    description: 'host:port of the OTLP/HTTP collector.',
  },
  {
    path: 'tracing.providers.otlp.insecure',
    parse: boolValue,
    default: false,
    description: 'Send to the collector over http instead of https.',
  },
  {
    path: 'tracing.providers.otlp.sampling.sampling_ratio',
    parse: ratioValue,
    default: 1,
    description: 'Share of traces sampled, from 0 to 1.',
  },
  {
    path: 'tracing.providers.otlp.authorization_header',
    parse: stringValue,
    secret: true,
    default: '',
    description: 'Authorization header sent to the collector.',
  },
];

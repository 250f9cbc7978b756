import type { ValueParser } from './config-values';

/** One configuration key, named as in Hydra's configuration (hydra-compat §5.2). */
export interface ConfigKey {
  /** Dotted path as written in the YAML file, e.g. `urls.self.issuer`. */
  readonly path: string;
  readonly parse: ValueParser<unknown>;
  readonly default?: unknown;
  /** Values never echoed in messages or logs. */
  readonly secret?: boolean;
  readonly description: string;
}

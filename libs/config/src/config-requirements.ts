/** What a command needs from the configuration: `serve` needs all of these; `migrate` only a DSN. */
export interface ConfigRequirements {
  readonly dsn?: boolean;
  readonly secrets?: boolean;
  /** Servers need an issuer (https unless `dev`); offline commands such as `migrate` do not. */
  readonly issuer?: boolean;
}

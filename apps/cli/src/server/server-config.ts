import {
  ConfigError,
  type ConfigRequirements,
  formatProblem,
  loadConfig,
  type TesseraConfig,
} from '@tessera/config';
import { DsnError, parseDsn, type ParsedDsn } from '@tessera/database';
import { CliError, type CliIo } from '../cli-io';

/** Flags of the server-side commands that feed the configuration. */
export interface ServerConfigFlags {
  config?: string[];
  dev?: boolean;
  dangerousForceHttp?: boolean;
}

export interface ServerConfig {
  readonly config: TesseraConfig;
  readonly dsn: ParsedDsn;
  readonly warnings: readonly string[];
}

/**
 * Loads and validates the configuration for `serve` and `migrate`. Every problem is printed at
 * once, naming the key and its environment variable; the command then exits 1 without a stack.
 */
export function loadServerConfig(
  flags: ServerConfigFlags,
  io: CliIo,
  requirements: ConfigRequirements,
  dsnOverride?: string,
): ServerConfig {
  const dev = flags.dev || flags.dangerousForceHttp ? true : undefined;
  const env = dsnOverride ? { ...io.env, DSN: dsnOverride } : io.env;
  try {
    const { config, warnings } = loadConfig(
      { env, files: flags.config ?? [], flags: { dev } },
      requirements,
    );
    return { config, dsn: parseConfiguredDsn(config.dsn, requirements), warnings };
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      throw new CliError('invalid configuration', 1, true);
    }
    throw error;
  }
}

function parseConfiguredDsn(dsn: string | undefined, requirements: ConfigRequirements): ParsedDsn {
  try {
    return parseDsn(dsn ?? '');
  } catch (error) {
    if (error instanceof DsnError && requirements.dsn) {
      throw new ConfigError([{ key: 'dsn', message: error.message }]);
    }
    throw error;
  }
}

export { formatProblem };

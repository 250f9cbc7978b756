import { envName } from './config-keys';

/** One problem with one configuration key. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `urls.self.issuer`; or the file name for unreadable files. */
  readonly key: string;
  readonly message: string;
  /** Where the bad value came from: `environment`, `flag`, or the file name. */
  readonly source?: string;
}

/** Thrown when the configuration is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`The configuration is invalid:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const env =
    problem.key.includes('.') || /^[a-z_]+$/.test(problem.key) ? ` (${envName(problem.key)})` : '';
  const from = problem.source ? ` [from ${problem.source}]` : '';
  return `  - ${problem.key}${env}: ${problem.message}${from}`;
}

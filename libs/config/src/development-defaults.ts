import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConfigProblem } from './config-error';
import type { ConfigRequirements } from './config-requirements';

/** Where `tessera serve --dev` keeps its data when no DSN is given: the zero-setup default. */
export const DEVELOPMENT_SQLITE_DSN = 'sqlite://data/tessera.sqlite';

interface Resolution {
  readonly problems: ConfigProblem[];
  readonly warnings: string[];
}

/**
 * Fills in what a newcomer has not configured, only where it is safe: in `--dev` a missing DSN
 * becomes an SQLite file; a missing system secret is generated for `memory` (it dies with the
 * process) or, in `--dev`, persisted beside the SQLite file. Anything else must be configured.
 */
export function resolveDevelopmentDefaults(
  values: Map<string, unknown>,
  requirements: ConfigRequirements,
): Resolution {
  const resolution: Resolution = { problems: [], warnings: [] };
  const dev = values.get('dev') === true;
  if (requirements.dsn && values.get('dsn') === undefined) {
    if (dev) {
      values.set('dsn', DEVELOPMENT_SQLITE_DSN);
      resolution.warnings.push(
        `DSN is not set: using the embedded SQLite database ${DEVELOPMENT_SQLITE_DSN} (development only).`,
      );
    } else {
      resolution.problems.push({
        key: 'dsn',
        message: 'is required (memory, sqlite://PATH or postgres://…)',
      });
    }
  }
  if (requirements.secrets && values.get('secrets.system') === undefined) {
    resolveSystemSecret(values, dev, resolution);
  }
  return resolution;
}

function resolveSystemSecret(
  values: Map<string, unknown>,
  dev: boolean,
  resolution: Resolution,
): void {
  const dsn = String(values.get('dsn') ?? '');
  if (dsn === 'memory') {
    values.set('secrets.system', [randomBytes(32).toString('base64url')]);
    resolution.warnings.push(
      'SECRETS_SYSTEM is not set: generated a random system secret for this in-memory database; it is lost on exit.',
    );
    return;
  }
  const file = sqliteFile(dsn);
  if (dev && file !== undefined) {
    const secretFile = `${file}.secret`;
    values.set('secrets.system', [readOrCreateSecret(secretFile)]);
    resolution.warnings.push(
      `SECRETS_SYSTEM is not set: using the generated system secret stored in ${secretFile} (development only; set SECRETS_SYSTEM in production).`,
    );
    return;
  }
  resolution.problems.push({
    key: 'secrets.system',
    message: 'is required: a list of secrets of at least 16 characters each',
  });
}

/** The file path of an `sqlite://` DSN, without its query string. */
export function sqliteFile(dsn: string): string | undefined {
  if (!dsn.startsWith('sqlite://')) return undefined;
  const path = dsn.slice('sqlite://'.length).split('?')[0];
  return path === '' || path === ':memory:' ? undefined : path;
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

import { Command } from 'commander';
import { ExpiredRowsJanitor, type JanitorGroup, type JanitorLimits } from '@tessera/database';
import { nanosToMillis, parseGoDuration, SystemClock } from '@tessera/kernel';
import { SCHEMA } from '@tessera/schema';
import { CliError, type CliIo } from '../cli-io';
import { connectOnce } from './database-connection';
import { loadServerConfig, type ServerConfigFlags } from './server-config';

interface JanitorFlags extends ServerConfigFlags {
  tokens?: boolean;
  requests?: boolean;
  grants?: boolean;
  keepIfYounger: string;
  limit: string;
  batchSize: string;
  readFromEnv?: boolean;
  accessLifespan?: string;
  refreshLifespan?: string;
  consentRequestLifespan?: string;
}

const GROUP_LABELS: Record<JanitorGroup, string> = {
  tokens: 'tokens',
  requests: 'login-consent requests',
  grants: 'grants',
};

/**
 * `tessera janitor [DSN] --tokens --requests --grants` (hydra-compat §7.2): deletes expired rows in
 * batches. Unlike Hydra it removes every expired row of every table that has them — jti records
 * and the shared counts of failed client authentications included — and never a row that is still
 * valid.
 */
export function janitorCommand(io: CliIo): Command {
  return new Command('janitor')
    .description('Delete expired tokens, flows and grants from the database, in batches')
    .argument('[dsn]', 'database URL; default: DSN from the environment or config')
    .option(
      '--tokens',
      'delete expired tokens, client assertion ids and failed-authentication counts over an hour old',
    )
    .option('--requests', 'delete expired login and consent requests')
    .option('--grants', 'delete expired trust grants')
    .option('--keep-if-younger <duration>', 'keep rows created less than this long ago', '0s')
    .option('--limit <n>', 'delete at most this many rows per table', '10000')
    .option('--batch-size <n>', 'rows per DELETE statement', '100')
    .option(
      '--access-lifespan <duration>',
      'accepted for Hydra compatibility; rows are deleted once they expire',
    )
    .option(
      '--refresh-lifespan <duration>',
      'accepted for Hydra compatibility; rows are deleted once they expire',
    )
    .option(
      '--consent-request-lifespan <duration>',
      'accepted for Hydra compatibility; rows are deleted once they expire',
    )
    .option('-e, --read-from-env', 'read the DSN from the environment')
    .option(
      '-c, --config <file>',
      'configuration file (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((dsn: string | undefined, flags: JanitorFlags) => runJanitor(dsn, flags, io));
}

async function runJanitor(
  dsnArgument: string | undefined,
  flags: JanitorFlags,
  io: CliIo,
): Promise<void> {
  const groups = (['tokens', 'requests', 'grants'] as const).filter((group) => flags[group]);
  if (groups.length === 0)
    throw new CliError(
      'Janitor requires at least one of --tokens, --requests or --grants to be set',
    );
  const limits = janitorLimits(flags);
  const { dsn } = loadServerConfig(flags, io, { dsn: true }, dsnArgument);
  const dataSource = await connectOnce(dsn).catch((error: unknown) => {
    throw new CliError(`Could not connect to the database: ${(error as Error).message}`);
  });
  try {
    const janitor = new ExpiredRowsJanitor(dataSource, new SystemClock());
    for (const group of groups) {
      const tables = SCHEMA.expirable.filter((table) => table.group === group);
      const counts: string[] = [];
      for (const table of tables)
        counts.push(`${table.label}: ${await janitor.clean(table, limits)}`);
      const detail =
        counts.length > 0 ? `deleted ${counts.join(', ')}` : 'nothing of this kind is stored yet';
      io.stdout.write(`Successfully completed Janitor run on ${GROUP_LABELS[group]}: ${detail}\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

function janitorLimits(flags: JanitorFlags): JanitorLimits {
  const keep = parseGoDuration(flags.keepIfYounger);
  if (keep === undefined || keep < 0n)
    throw new CliError(
      `--keep-if-younger must be a duration such as 1h (got "${flags.keepIfYounger}")`,
    );
  const limit = Number(flags.limit);
  const batchSize = Number(flags.batchSize);
  if (
    !Number.isSafeInteger(limit) ||
    !Number.isSafeInteger(batchSize) ||
    limit <= 0 ||
    batchSize <= 0
  ) {
    throw new CliError('Values for --limit and --batch-size should both be greater than 0');
  }
  if (batchSize > limit)
    throw new CliError('Value for --batch-size must not be greater than value for --limit');
  return { keepIfYoungerMs: nanosToMillis(keep), limit, batchSize };
}

import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { SchemaMigrator, type MigrationState } from '@tessera/database';
import { CliError, type CliIo } from '../cli-io';
import { alignColumns, parseFormat, Printer } from '../output/printer';
import { connectOnce } from './database-connection';
import { loadServerConfig, type ServerConfigFlags } from './server-config';

interface MigrateFlags extends ServerConfigFlags {
  yes?: boolean;
  readFromEnv?: boolean;
  steps?: string;
  format?: string;
}

const ACTIONS = ['up', 'down', 'status'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * `tessera migrate sql up|down|status [DSN]`, the v1 form `migrate sql --yes DSN` (= up) and the
 * deprecated `migrate status`. The DSN comes from the argument, else from `DSN` or the config file.
 */
export function migrateCommand(io: CliIo): Command {
  const migrate = new Command('migrate').description('Manage the database schema');
  migrate.addCommand(
    withMigrateOptions(new Command('sql'))
      .description(
        'Apply (up), revert (down) or show (status) SQL migrations; "migrate sql DSN" means up',
      )
      .argument('[action-or-dsn]', 'up, down or status; or a DSN (v1 form, same as up)')
      .argument('[dsn]', 'database URL; default: DSN from the environment or config')
      .action((first: string | undefined, second: string | undefined, flags: MigrateFlags) => {
        const isAction = (ACTIONS as readonly string[]).includes(first ?? '');
        return runMigrate(
          isAction ? (first as Action) : 'up',
          isAction ? second : first,
          flags,
          io,
        );
      }),
  );
  migrate.addCommand(
    withMigrateOptions(new Command('status'))
      .description('Show the migration status (deprecated: use "migrate sql status")')
      .argument('[dsn]', 'database URL')
      .action((dsn: string | undefined, flags: MigrateFlags) =>
        runMigrate('status', dsn, flags, io),
      ),
  );
  return migrate;
}

function withMigrateOptions(command: Command): Command {
  return command
    .option('-y, --yes', 'apply without asking')
    .option(
      '-e, --read-from-env',
      'read the DSN from the environment (the default when no DSN argument is given)',
    )
    .option('--steps <n>', 'down: how many migrations to revert', '0')
    .option('--format <format>', 'status output: default, json or json-pretty', 'default')
    .option(
      '-c, --config <file>',
      'configuration file (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    );
}

async function runMigrate(
  action: Action,
  dsnArgument: string | undefined,
  flags: MigrateFlags,
  io: CliIo,
): Promise<void> {
  const { dsn } = loadServerConfig(flags, io, { dsn: true }, dsnArgument);
  const dataSource = await connectOnce(dsn).catch((error: unknown) => {
    throw new CliError(`Could not connect to the database: ${(error as Error).message}`);
  });
  try {
    const migrator = new SchemaMigrator(dataSource);
    if (action === 'status') return printStatus(await migrator.status(), flags, io);
    if (action === 'up') return await migrateUp(migrator, flags, io);
    return await migrateDown(migrator, flags, io);
  } finally {
    await dataSource.destroy();
  }
}

function printStatus(states: readonly MigrationState[], flags: MigrateFlags, io: CliIo): void {
  const printer = new Printer(io.stdout, parseFormat(flags.format));
  const json = states.map((state) => ({
    version: state.version,
    name: state.name,
    state: state.applied ? 'Applied' : 'Pending',
  }));
  printer.items(
    states,
    {
      headers: ['Version', 'Name', 'Status'],
      cells: (s) => [s.version, s.name, s.applied ? 'Applied' : 'Pending'],
    },
    json,
  );
}

async function migrateUp(migrator: SchemaMigrator, flags: MigrateFlags, io: CliIo): Promise<void> {
  const pending = await migrator.pending();
  if (pending.length === 0) {
    io.stdout.write('All migrations are already applied.\n');
    return;
  }
  io.stdout.write(`The migration plan is as follows:\n${planTable(pending)}\n`);
  if (!flags.yes && !(await confirm(io))) return;
  const applied = await migrator.up();
  io.stdout.write(`Successfully applied ${applied.length} migration(s).\n`);
}

async function migrateDown(
  migrator: SchemaMigrator,
  flags: MigrateFlags,
  io: CliIo,
): Promise<void> {
  const steps = Number(flags.steps ?? 0);
  if (!Number.isSafeInteger(steps) || steps < 0)
    throw new CliError('Flag --steps must be a whole number larger than 0.');
  const applied = (await migrator.status()).filter((state) => state.applied);
  if (steps === 0 || applied.length === 0) {
    throw new CliError(
      'There are no migrations to roll back, or --steps was not given: provide --steps with a value larger than 0.',
    );
  }
  const plan = applied
    .reverse()
    .slice(0, steps)
    .map((state) => ({ ...state, applied: false }));
  io.stdout.write(
    `The following migrations will be rolled back, newest first:\n${planTable(plan)}\n`,
  );
  if (!flags.yes && !(await confirm(io))) return;
  const reverted = await migrator.down(steps);
  io.stdout.write(`Successfully rolled back ${reverted.length} migration(s).\n`);
}

function planTable(states: readonly MigrationState[]): string {
  return alignColumns([['Version', 'Name'], ...states.map((state) => [state.version, state.name])]);
}

/** Asks until the answer is yes or no; a closed stdin is an error (use --yes in scripts). */
async function confirm(io: CliIo): Promise<boolean> {
  io.stderr.write('To skip the next question use flag --yes (at your own risk).\n');
  const lines = createInterface({ input: io.stdin, terminal: false })[Symbol.asyncIterator]();
  try {
    for (;;) {
      io.stdout.write('Do you wish to execute this migration plan? [y/n]: ');
      const next = await lines.next();
      if (next.done)
        throw new CliError(
          'Unable to confirm: stdin was closed. Use --yes to apply without asking.',
        );
      const answer = String(next.value).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return true;
      if (answer === 'n' || answer === 'no') {
        io.stdout.write('Migration aborted.\n');
        return false;
      }
    }
  } finally {
    await lines.return?.();
  }
}

import { Command, CommanderError } from 'commander';
import { CliError, type CliIo } from './cli-io';
import { clientCommands } from './remote/client.commands';
import { jwkCommands } from './remote/jwk.commands';
import { legacyClientsCommand } from './remote/legacy-client.commands';
import { legacyTokenCommand } from './remote/legacy-token.commands';
import {
  deleteAccessTokens,
  introspectToken,
  performClientCredentials,
  revokeToken,
} from './remote/token.commands';
import { performAuthorizationCode } from './remote/authorization-code.command';
import { janitorCommand } from './server/janitor.command';
import { migrateCommand } from './server/migrate.command';
import { serveCommand } from './server/serve.command';
import { versionCommand } from './version.command';

/** The `tessera` command tree: Hydra's verbs (hydra-compat §6) plus its v1 aliases. */
export function createProgram(io: CliIo): Command {
  const program = new Command('tessera')
    .description(
      'Tessera: an OAuth 2.0 authorization server and OpenID Connect provider, wire-compatible with ORY Hydra.',
    )
    .enablePositionalOptions(false)
    .showHelpAfterError('(run "tessera help" for the list of commands)');
  const clients = clientCommands(io);
  const jwks = jwkCommands(io);
  const verb = (name: string, description: string, ...children: Command[]) => {
    const command = new Command(name).description(description);
    for (const child of children) command.addCommand(child);
    return command;
  };
  program.addCommand(serveCommand(io));
  program.addCommand(migrateCommand(io));
  program.addCommand(verb('create', 'Create resources', clients.create, jwks.create));
  program.addCommand(verb('get', 'Get resources', clients.get, jwks.get));
  program.addCommand(verb('list', 'List resources', clients.list).alias('ls'));
  program.addCommand(verb('update', 'Update resources', clients.update));
  program.addCommand(
    verb('delete', 'Delete resources', clients.delete, jwks.delete, deleteAccessTokens(io)),
  );
  program.addCommand(verb('import', 'Import resources', clients.import, jwks.import));
  const flows = [performClientCredentials(io), performAuthorizationCode(io)];
  program.addCommand(verb('perform', 'Perform OAuth 2.0 flows', ...flows));
  program.addCommand(verb('introspect', 'Introspect resources', introspectToken(io)));
  program.addCommand(verb('revoke', 'Revoke resources', revokeToken(io)));
  program.addCommand(janitorCommand(io));
  program.addCommand(legacyClientsCommand(io));
  program.addCommand(legacyTokenCommand(io));
  program.addCommand(versionCommand(io));
  configureOutput(program, io);
  return program;
}

function configureOutput(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  for (const child of command.commands) configureOutput(child, io);
}

/** Runs the CLI and returns the exit code; operator errors print one clear line, no stack. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      if (!error.printed) io.stderr.write(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

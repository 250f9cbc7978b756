import { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { performAuthorizationCode } from './authorization-code.command';
import { collectList, type RemoteOptions, withRemoteOptions } from './remote-options';
import {
  type ClientCredentialFlags,
  deleteClientAccessTokens,
  introspect,
  requestClientCredentialsToken,
  revoke,
  withClientCredentialFlags,
} from './token.commands';

/** Hydra v1 read the public URL from HYDRA_URL and the admin URL from HYDRA_ADMIN_URL. */
const V1_PUBLIC = ['HYDRA_URL'];
const V1_ADMIN = ['HYDRA_ADMIN_URL', 'HYDRA_URL'];

/**
 * `tessera token …`: Hydra v1's token verbs as the 2019 tutorial uses them. `token client` prints
 * only the access token; `token introspect` prints the JSON (its v1 client flags are accepted and
 * ignored: introspection is an admin call).
 */
export function legacyTokenCommand(io: CliIo): Command {
  const token = new Command('token').description(
    'Hydra v1 token commands (prefer perform client-credentials, introspect token, revoke token)',
  );
  const user = performAuthorizationCode(io, 'user', V1_PUBLIC);
  for (const command of [
    tokenClient(io),
    user,
    tokenIntrospect(io),
    tokenRevoke(io),
    tokenDelete(io),
  ])
    token.addCommand(command);
  return token;
}

function tokenClient(io: CliIo): Command {
  return withClientCredentialFlags(
    withRemoteOptions(new Command('client'), 'public API URL (or env HYDRA_URL)'),
  )
    .description('Get an access token with the client credentials grant and print it')
    .action(async (flags: ClientCredentialFlags) => {
      const { context, token: response } = await requestClientCredentialsToken(
        flags,
        io,
        V1_PUBLIC,
      );
      if (context.printer.isJson) context.printer.json(response);
      else context.printer.line(String(response.access_token));
    });
}

function tokenIntrospect(io: CliIo): Command {
  return withRemoteOptions(new Command('introspect'), 'admin API URL (or env HYDRA_ADMIN_URL)')
    .description('Introspect a token and print the JSON')
    .argument('<token>', 'the token')
    .option('--client-id <id>', 'ignored (Hydra v1 compatibility)')
    .option('--client-secret <secret>', 'ignored (Hydra v1 compatibility)')
    .option('--scope <scopes>', 'scopes the token must have', collectList)
    .action(async (value: string, flags: RemoteOptions & { scope?: string[] }) => {
      const { context, result } = await introspect(value, flags, io, V1_ADMIN);
      if (context.printer.isJson) context.printer.json(result);
      else context.printer.line(JSON.stringify(result, null, '\t'));
    });
}

function tokenRevoke(io: CliIo): Command {
  return withRemoteOptions(new Command('revoke'), 'public API URL (or env HYDRA_URL)')
    .description('Revoke a token')
    .argument('<token>', 'the token')
    .option('--client-id <id>', 'client id (or env OAUTH2_CLIENT_ID)')
    .option('--client-secret <secret>', 'client secret (or env OAUTH2_CLIENT_SECRET)')
    .action(async (value: string, flags: ClientCredentialFlags) => {
      const context = await revoke(value, flags, io, V1_PUBLIC);
      context.printer.line(`Revoked OAuth 2.0 token ${value}`);
    });
}

function tokenDelete(io: CliIo): Command {
  return withRemoteOptions(new Command('delete'), 'admin API URL (or env HYDRA_ADMIN_URL)')
    .description('Delete every access token of a client')
    .requiredOption('--client-id <id>', 'the client')
    .action(async (flags: RemoteOptions & { clientId: string }) => {
      const context = await deleteClientAccessTokens(flags.clientId, flags, io, V1_ADMIN);
      context.printer.line(`Deleted the access tokens of OAuth 2.0 client ${flags.clientId}`);
    });
}

import { Command } from 'commander';
import { CliError, type CliIo } from '../cli-io';
import type { TableShape } from '../output/printer';
import { basicAuthorization, type RequestBody } from './admin-api';
import {
  collectList,
  remoteContext,
  reportApiError,
  type RemoteOptions,
  withRemoteOptions,
} from './remote-options';

type Json = Record<string, unknown>;

export interface ClientCredentialFlags extends RemoteOptions {
  clientId?: string;
  clientSecret?: string;
  scope?: string[];
  audience?: string[];
}

const PUBLIC_ENDPOINT = 'public API URL, e.g. http://127.0.0.1:4444';
const ADMIN_ENDPOINT = 'admin API URL, e.g. http://127.0.0.1:4445';
const text = (value: unknown): string =>
  value === undefined || value === null || value === '' ? '<empty>' : String(value);

const TOKEN_TABLE: TableShape<Json> = {
  headers: ['ACCESS TOKEN', 'REFRESH TOKEN', 'ID TOKEN', 'EXPIRY'],
  cells: (token) => [
    text(token.access_token),
    text(token.refresh_token),
    text(token.id_token),
    expiry(token.expires_in),
  ],
};

const INTROSPECTION_TABLE: TableShape<Json> = {
  headers: ['ACTIVE', 'SUBJECT', 'CLIENT ID', 'SCOPE', 'EXPIRY', 'TOKEN USE'],
  cells: (token) => [
    String(token.active),
    text(token.sub),
    text(token.client_id),
    text(token.scope),
    token.exp ? new Date(Number(token.exp) * 1000).toISOString() : '<empty>',
    text(token.token_use),
  ],
};

function expiry(expiresIn: unknown): string {
  return typeof expiresIn === 'number'
    ? new Date(Date.now() + expiresIn * 1000).toISOString()
    : '<empty>';
}

/** Client credentials from flags or Hydra's `OAUTH2_CLIENT_ID`/`OAUTH2_CLIENT_SECRET`. */
export function clientCredentials(
  flags: ClientCredentialFlags,
  io: CliIo,
): { clientId: string; clientSecret: string } {
  const clientId = flags.clientId || io.env.OAUTH2_CLIENT_ID || '';
  const clientSecret = flags.clientSecret || io.env.OAUTH2_CLIENT_SECRET || '';
  if (!clientId || !clientSecret) {
    throw new CliError(
      'Please provide a Client ID and Client Secret using flags --client-id and --client-secret, or environment variables OAUTH2_CLIENT_ID and OAUTH2_CLIENT_SECRET.',
    );
  }
  return { clientId, clientSecret };
}

export function withClientCredentialFlags(command: Command): Command {
  return command
    .option('--client-id <id>', 'client id (or env OAUTH2_CLIENT_ID)')
    .option('--client-secret <secret>', 'client secret (or env OAUTH2_CLIENT_SECRET)')
    .option('--scope <scopes>', 'scope to request (repeatable or comma-separated)', collectList)
    .option(
      '--audience <audiences>',
      'audience to request (repeatable or comma-separated)',
      collectList,
    );
}

/** POSTs `grant_type=client_credentials` to `<endpoint>/oauth2/token` with HTTP Basic. */
export async function requestClientCredentialsToken(
  flags: ClientCredentialFlags,
  io: CliIo,
  endpointFallbacks: readonly string[] = [],
) {
  const context = remoteContext(flags, io, endpointFallbacks);
  const { clientId, clientSecret } = clientCredentials(flags, io);
  const form: Record<string, string | string[]> = { grant_type: 'client_credentials' };
  if (flags.scope?.length) form.scope = flags.scope.join(' ');
  if (flags.audience?.length) form.audience = flags.audience;
  const response = await context.api
    .request<Json>('POST', '/oauth2/token', {
      form,
      headers: { Authorization: basicAuthorization(clientId, clientSecret) },
    })
    .catch((error: unknown) => reportApiError(error, io, 'Could not retrieve access token'));
  return { context, token: response.body };
}

export function performClientCredentials(io: CliIo): Command {
  const command = new Command('client-credentials').description(
    'Get an access token with the OAuth 2.0 client credentials grant',
  );
  return withClientCredentialFlags(withRemoteOptions(command, PUBLIC_ENDPOINT)).action(
    async (flags: ClientCredentialFlags) => {
      const { context, token } = await requestClientCredentialsToken(flags, io);
      context.printer.item(token, TOKEN_TABLE);
    },
  );
}

/** POSTs a token to `/admin/oauth2/introspect`. */
export async function introspect(
  token: string,
  flags: RemoteOptions & { scope?: string[] },
  io: CliIo,
  endpointFallbacks: readonly string[] = [],
) {
  const context = remoteContext(flags, io, endpointFallbacks);
  const form: Record<string, string> = { token };
  if (flags.scope?.length) form.scope = flags.scope.join(' ');
  const response = await context.api
    .request<Json>('POST', '/admin/oauth2/introspect', { form })
    .catch((error: unknown) => reportApiError(error, io));
  return { context, result: response.body };
}

export function introspectToken(io: CliIo): Command {
  const command = new Command('token').description(
    'Introspect an access or refresh token (RFC 7662)',
  );
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .argument('<token>', 'the token')
    .option(
      '--scope <scopes>',
      'scopes the token must have (repeatable or comma-separated)',
      collectList,
    )
    .action(async (token: string, flags: RemoteOptions & { scope?: string[] }) => {
      const { context, result } = await introspect(token, flags, io);
      context.printer.item(result, INTROSPECTION_TABLE);
    });
}

/** POSTs a token to `/oauth2/revoke`, authenticated as the client. */
export async function revoke(
  token: string,
  flags: ClientCredentialFlags,
  io: CliIo,
  endpointFallbacks: readonly string[] = [],
) {
  const context = remoteContext(flags, io, endpointFallbacks);
  const clientId = flags.clientId || io.env.OAUTH2_CLIENT_ID || '';
  const clientSecret = flags.clientSecret || io.env.OAUTH2_CLIENT_SECRET || '';
  if (!clientId)
    throw new CliError(
      'Please provide a Client ID using flag --client-id or environment variable OAUTH2_CLIENT_ID.',
    );
  const body: RequestBody = clientSecret
    ? { form: { token }, headers: { Authorization: basicAuthorization(clientId, clientSecret) } }
    : { form: { token, client_id: clientId } };
  await context.api
    .request('POST', '/oauth2/revoke', body)
    .catch((error: unknown) => reportApiError(error, io));
  return context;
}

export function revokeToken(io: CliIo): Command {
  const command = new Command('token').description(
    'Revoke an access or refresh token and its grant chain (RFC 7009)',
  );
  return withRemoteOptions(command, PUBLIC_ENDPOINT)
    .argument('<token>', 'the token')
    .option('--client-id <id>', 'client id (or env OAUTH2_CLIENT_ID)')
    .option(
      '--client-secret <secret>',
      'client secret (or env OAUTH2_CLIENT_SECRET); none for public clients',
    )
    .action(async (token: string, flags: ClientCredentialFlags) => {
      const context = await revoke(token, flags, io);
      context.printer.item(token, { headers: ['ID'], cells: (id) => [id] }, token);
    });
}

/** DELETEs `/admin/oauth2/tokens?client_id=…`. */
export async function deleteClientAccessTokens(
  clientId: string,
  flags: RemoteOptions,
  io: CliIo,
  endpointFallbacks: readonly string[] = [],
) {
  const context = remoteContext(flags, io, endpointFallbacks);
  await context.api
    .request('DELETE', `/admin/oauth2/tokens?client_id=${encodeURIComponent(clientId)}`)
    .catch((error: unknown) => reportApiError(error, io));
  return context;
}

export function deleteAccessTokens(io: CliIo): Command {
  const command = new Command('access-tokens').description('Delete every access token of a client');
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .argument('<client-id>', 'the client')
    .action(async (clientId: string, flags: RemoteOptions) => {
      const context = await deleteClientAccessTokens(clientId, flags, io);
      context.printer.item(clientId, { headers: ['CLIENT ID'], cells: (id) => [id] }, clientId);
    });
}

import { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { type ClientJson } from './client-output';
import { clientBodyFromFlags, type FlagSpec, withFlags } from './client-flags';
import type { Printer } from '../output/printer';
import {
  deleteClient,
  getClient,
  importClient,
  listClients,
  updateClient,
} from './client.commands';
import {
  remoteContext,
  reportApiError,
  type RemoteOptions,
  withRemoteOptions,
} from './remote-options';

/** The v1 environment variables of the admin endpoint, as the 2019 tutorial used them. */
const V1_ADMIN_ENDPOINT_VARIABLES = ['HYDRA_ADMIN_URL', 'HYDRA_URL'];

interface V1ClientFlags extends RemoteOptions {
  id?: string;
  secret?: string;
  name?: string;
  grantTypes?: string[];
  responseTypes?: string[];
  scope?: string[];
  callbacks?: string[];
  audience?: string[];
  tokenEndpointAuthMethod?: string;
  jwksUri?: string;
  policyUri?: string;
  tosUri?: string;
  clientUri?: string;
  logoUri?: string;
  allowedCorsOrigins?: string[];
  subjectType?: string;
  postLogoutCallbacks?: string[];
}

/**
 * `tessera clients …`: Hydra v1's verbs (the 2019 tutorial), so it can be followed word for word.
 * `clients create` keeps its v1 flags and output; the rest behave like their v2 counterparts.
 */
export function legacyClientsCommand(io: CliIo): Command {
  const clients = new Command('clients').description(
    'Hydra v1 client commands (prefer create|get|list|update|delete|import client)',
  );
  clients.addCommand(createV1(io));
  clients.addCommand(getClient(io, { name: 'get', aliases: [] }));
  clients.addCommand(listClients(io, { name: 'list', aliases: [] }));
  clients.addCommand(updateClient(io, { name: 'update', aliases: [] }));
  clients.addCommand(deleteClient(io, { name: 'delete', aliases: [] }));
  clients.addCommand(importClient(io, { name: 'import', aliases: [] }));
  return clients;
}

const V1_CLIENT_FLAGS: readonly FlagSpec[] = [
  ['--id <id>', 'client id (generated when empty)'],
  ['--secret <secret>', 'client secret (generated when empty)'],
  ['-n, --name <name>', 'human-readable client name'],
  [
    '-g, --grant-types <types>',
    'grant types, comma-separated (default authorization_code)',
    'list',
  ],
  ['-r, --response-types <types>', 'response types, comma-separated (default code)', 'list'],
  ['-a, --scope <scopes>', 'scopes, comma-separated', 'list'],
  ['-c, --callbacks <uris>', 'redirect URIs, comma-separated', 'list'],
  ['--audience <audiences>', 'audiences, comma-separated', 'list'],
  [
    '--token-endpoint-auth-method <method>',
    'token endpoint authentication method',
    undefined,
    'client_secret_basic',
  ],
  ['--jwks-uri <url>', 'URL of the client JSON Web Key Set'],
  ['--policy-uri <url>', 'privacy policy URL'],
  ['--tos-uri <url>', 'terms of service URL'],
  ['--client-uri <url>', 'client home page URL'],
  ['--logo-uri <url>', 'logo URL'],
  ['--allowed-cors-origins <origins>', 'allowed CORS origins, comma-separated', 'list'],
  ['--subject-type <type>', 'public or pairwise', undefined, 'public'],
  ['--post-logout-callbacks <uris>', 'post-logout redirect URIs, comma-separated', 'list'],
];

function createV1(io: CliIo): Command {
  const command = new Command('create').description('Create an OAuth 2.0 client (Hydra v1 flags)');
  withFlags(withRemoteOptions(command, 'admin API URL (or env HYDRA_ADMIN_URL)'), V1_CLIENT_FLAGS);
  return command.action(async (flags: V1ClientFlags) => {
    const { api, printer } = remoteContext(flags, io, V1_ADMIN_ENDPOINT_VARIABLES);
    const body = clientBodyFromFlags({
      ...flags,
      grantType: flags.grantTypes,
      responseType: flags.responseTypes,
      redirectUri: flags.callbacks,
      allowedCorsOrigin: flags.allowedCorsOrigins,
      postLogoutCallback: flags.postLogoutCallbacks,
      requestObjectSigningAlg: '',
    });
    const created = await api
      .request<ClientJson>('POST', '/admin/clients', { json: body })
      .catch((error: unknown) => reportApiError(error, io));
    if (printer.isJson) return printer.json(created.body);
    printV1Created(printer, created.body, flags.secret !== undefined && flags.secret !== '');
  });
}

/** What Hydra v1 printed after `clients create`. */
function printV1Created(printer: Printer, client: ClientJson, secretGiven: boolean): void {
  if (secretGiven) {
    printer.line(
      'You should not provide secrets using command line flags, the secret might leak to bash history and similar systems',
    );
  }
  printer.line(`OAuth 2.0 Client ID: ${String(client.client_id)}`);
  if (secretGiven) return;
  if (typeof client.client_secret === 'string')
    printer.line(`OAuth 2.0 Client Secret: ${client.client_secret}`);
  else printer.line('This OAuth 2.0 Client has no secret');
}

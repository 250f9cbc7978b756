import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError, type CliIo, readAll } from '../cli-io';
import { CLIENT_TABLE, type ClientJson, ID_TABLE, nextPageToken } from './client-output';
import { type ClientFlagValues, clientBodyFromFlags, withClientFlags } from './client-flags';
import {
  remoteContext,
  reportApiError,
  type RemoteOptions,
  withRemoteOptions,
} from './remote-options';

const ADMIN_ENDPOINT = 'admin API URL, e.g. http://127.0.0.1:4445';
const path = (id: string): string => `/admin/clients/${encodeURIComponent(id)}`;

const CLIENT_ALIASES = ['clients', 'oauth2-client', 'oauth2-clients'];

/** Names a command: Hydra's `<verb> client` form, or a v1 `clients <verb>` subcommand. */
export interface CommandName {
  readonly name: string;
  readonly aliases: readonly string[];
}

/** `create|get|list|update|delete|import client` (hydra-compat §6). */
export function clientCommands(
  io: CliIo,
): Record<'create' | 'get' | 'list' | 'update' | 'delete' | 'import', Command> {
  return {
    create: createClient(io),
    get: getClient(io, { name: 'client', aliases: CLIENT_ALIASES }),
    list: listClients(io, { name: 'clients', aliases: ['oauth2-clients'] }),
    update: updateClient(io, { name: 'client', aliases: ['oauth2-client'] }),
    delete: deleteClient(io, { name: 'client', aliases: CLIENT_ALIASES }),
    import: importClient(io, { name: 'client', aliases: CLIENT_ALIASES }),
  };
}

function named(name: CommandName, description: string): Command {
  return new Command(name.name).aliases([...name.aliases]).description(description);
}

function createClient(io: CliIo): Command {
  const command = new Command('client')
    .alias('oauth2-client')
    .description('Create an OAuth 2.0 client');
  withClientFlags(withRemoteOptions(command, ADMIN_ENDPOINT)).option(
    '--id <id>',
    'client id (generated when empty)',
  );
  return command.action(async (options: ClientFlagValues & RemoteOptions) => {
    const { api, printer } = remoteContext(options, io);
    const body = options.file
      ? await readClientFile(options.file, io)
      : clientBodyFromFlags(options);
    const created = await api
      .request<ClientJson>('POST', '/admin/clients', { json: body })
      .catch((error: unknown) => reportApiError(error, io));
    printer.item(created.body, CLIENT_TABLE);
  });
}

export function getClient(io: CliIo, name: CommandName): Command {
  const command = named(name, 'Get OAuth 2.0 clients by id');
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .argument('<id...>', 'client ids')
    .action(async (ids: string[], options: RemoteOptions) => {
      const { api, printer } = remoteContext(options, io);
      const clients: ClientJson[] = [];
      for (const id of ids) {
        clients.push(
          (
            await api
              .request<ClientJson>('GET', path(id))
              .catch((error: unknown) => reportApiError(error, io))
          ).body,
        );
      }
      if (clients.length === 1) printer.item(clients[0], CLIENT_TABLE);
      else printer.items(clients, CLIENT_TABLE);
    });
}

export function listClients(io: CliIo, name: CommandName): Command {
  const command = named(name, 'List OAuth 2.0 clients, one page at a time');
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .option('--page-size <n>', 'clients per page (at most 500)', '100')
    .option('--page-token <token>', 'token of the page to show, from a previous listing')
    .action(async (options: RemoteOptions & { pageSize: string; pageToken?: string }) => {
      const { api, printer } = remoteContext(options, io);
      const query = new URLSearchParams({ page_size: options.pageSize });
      if (options.pageToken) query.set('page_token', options.pageToken);
      const response = await api
        .request<ClientJson[]>('GET', `/admin/clients?${query}`)
        .catch((error: unknown) => reportApiError(error, io));
      const next = nextPageToken(response.headers.get('link'));
      if (printer.isJson)
        return printer.json({
          items: response.body,
          next_page_token: next ?? '',
          is_last_page: next === undefined,
        });
      printer.items(response.body, CLIENT_TABLE);
      printer.line('');
      printer.line(`NEXT PAGE TOKEN  ${next ?? ''}`);
      printer.line(`IS LAST PAGE     ${next === undefined}`);
    });
}

export function updateClient(io: CliIo, name: CommandName): Command {
  const command = named(name, 'Replace an OAuth 2.0 client with the given flags or file');
  return withClientFlags(withRemoteOptions(command, ADMIN_ENDPOINT))
    .argument('<id>', 'client id')
    .action(async (id: string, options: ClientFlagValues & RemoteOptions) => {
      const { api, printer } = remoteContext(options, io);
      const body = options.file
        ? await readClientFile(options.file, io)
        : clientBodyFromFlags(options);
      const updated = await api
        .request<ClientJson>('PUT', path(id), { json: body })
        .catch((error: unknown) => reportApiError(error, io));
      printer.item(updated.body, CLIENT_TABLE);
    });
}

export function deleteClient(io: CliIo, name: CommandName): Command {
  const command = named(name, 'Delete OAuth 2.0 clients');
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .argument('<id...>', 'client ids')
    .action(async (ids: string[], options: RemoteOptions) => {
      const { api, printer } = remoteContext(options, io);
      for (const id of ids)
        await api
          .request('DELETE', path(id))
          .catch((error: unknown) => reportApiError(error, io, id));
      if (ids.length === 1) printer.item(ids[0], ID_TABLE, ids[0]);
      else printer.items(ids, ID_TABLE);
    });
}

export function importClient(io: CliIo, name: CommandName): Command {
  const command = named(
    name,
    'Import OAuth 2.0 clients from JSON files (an array or one client each; "-" or none reads stdin)',
  );
  return withRemoteOptions(command, ADMIN_ENDPOINT)
    .argument('[files...]', 'JSON files')
    .action(async (files: string[], options: RemoteOptions) => {
      const { api, printer } = remoteContext(options, io);
      const imported: ClientJson[] = [];
      for (const file of files.length > 0 ? files : ['-']) {
        for (const client of await readClientList(file, io)) {
          const created = await api
            .request<ClientJson>('POST', '/admin/clients', { json: client })
            .catch((error: unknown) => reportApiError(error, io, file));
          imported.push(withInputSecret(created.body, client));
        }
      }
      if (imported.length === 1) printer.item(imported[0], CLIENT_TABLE);
      else printer.items(imported, CLIENT_TABLE);
    });
}

/** Hydra shows the secret from the input when the server did not echo one. */
function withInputSecret(created: ClientJson, input: ClientJson): ClientJson {
  return created.client_secret === undefined &&
    typeof input.client_secret === 'string' &&
    input.client_secret !== ''
    ? { ...created, client_secret: input.client_secret }
    : created;
}

async function readJson(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Could not open file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`Could not decode JSON from ${file}: ${(error as Error).message}`);
  }
}

async function readClientFile(file: string, io: CliIo): Promise<ClientJson> {
  const value = await readJson(file, io);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliError(`${file} must contain one JSON client object`);
  return value as ClientJson;
}

async function readClientList(file: string, io: CliIo): Promise<ClientJson[]> {
  const value = await readJson(file, io);
  const clients = Array.isArray(value) ? value : [value];
  if (
    clients.some((client) => typeof client !== 'object' || client === null || Array.isArray(client))
  ) {
    throw new CliError(
      `${file} must contain a JSON array of client objects (or one client object)`,
    );
  }
  return clients as ClientJson[];
}

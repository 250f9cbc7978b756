import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError, type CliIo, readAll } from '../cli-io';
import type { TableShape } from '../output/printer';
import {
  remoteContext,
  reportApiError,
  type RemoteOptions,
  withRemoteOptions,
} from './remote-options';

type Jwk = Record<string, unknown> & { kid?: string; alg?: string; use?: string };
interface KeyRow {
  readonly set: string;
  readonly key: Jwk;
}

const ADMIN_ENDPOINT = 'admin API URL, e.g. http://127.0.0.1:4445';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const KEY_TABLE: TableShape<KeyRow> = {
  headers: ['SET ID', 'KEY ID', 'ALGORITHM', 'USE'],
  cells: (row) => [
    row.set,
    String(row.key.kid ?? ''),
    String(row.key.alg ?? ''),
    String(row.key.use ?? ''),
  ],
};
const setPath = (set: string): string => `/admin/keys/${encodeURIComponent(set)}`;

function publicOnly(key: Jwk): Jwk {
  const copy = { ...key };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy;
}

function print(context: ReturnType<typeof remoteContext>, set: string, keys: Jwk[]): void {
  const rows = keys.map((key) => ({ set, key }));
  if (context.printer.isJson) return context.printer.json({ set, keys });
  if (rows.length === 1) context.printer.item(rows[0], KEY_TABLE);
  else context.printer.items(rows, KEY_TABLE);
}

/** `create|get|delete|import jwk` (hydra-compat §6). */
export function jwkCommands(io: CliIo): Record<'create' | 'get' | 'delete' | 'import', Command> {
  return { create: createJwk(io), get: getJwk(io), delete: deleteJwk(io), import: importJwk(io) };
}

function createJwk(io: CliIo): Command {
  return withRemoteOptions(
    new Command('jwk').alias('jwks').description('Generate a key and add it to a JSON Web Key set'),
    ADMIN_ENDPOINT,
  )
    .argument('<set>', 'the key set')
    .argument('[kid]', 'the key id (generated when empty)')
    .option(
      '--alg <alg>',
      'RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA',
      'RS256',
    )
    .option('--use <use>', 'sig or enc', 'sig')
    .option('--public', 'print only the public part')
    .action(
      async (
        set: string,
        kid: string | undefined,
        flags: RemoteOptions & { alg: string; use: string; public?: boolean },
      ) => {
        const context = remoteContext(flags, io);
        const response = await context.api
          .request<{ keys: Jwk[] }>('POST', setPath(set), {
            json: { alg: flags.alg, use: flags.use, kid: kid ?? '' },
          })
          .catch((error: unknown) => reportApiError(error, io));
        print(
          context,
          set,
          response.body.keys.map((key) => (flags.public ? publicOnly(key) : key)),
        );
      },
    );
}

function getJwk(io: CliIo): Command {
  return withRemoteOptions(
    new Command('jwk').alias('jwks').description('Show the keys of JSON Web Key sets'),
    ADMIN_ENDPOINT,
  )
    .argument('<set...>', 'key sets')
    .option('--public', 'show only the public parts')
    .action(async (sets: string[], flags: RemoteOptions & { public?: boolean }) => {
      const context = remoteContext(flags, io);
      const keys: Jwk[] = [];
      for (const set of sets) {
        const response = await context.api
          .request<{ keys: Jwk[] }>('GET', setPath(set))
          .catch((error: unknown) => reportApiError(error, io, set));
        keys.push(...response.body.keys.map((key) => (flags.public ? publicOnly(key) : key)));
      }
      print(context, sets.length === 1 ? sets[0] : '', keys);
    });
}

function deleteJwk(io: CliIo): Command {
  return withRemoteOptions(
    new Command('jwk').alias('jwks').description('Delete JSON Web Key sets'),
    ADMIN_ENDPOINT,
  )
    .argument('<set...>', 'key sets')
    .action(async (sets: string[], flags: RemoteOptions) => {
      const context = remoteContext(flags, io);
      for (const set of sets)
        await context.api
          .request('DELETE', setPath(set))
          .catch((error: unknown) => reportApiError(error, io, set));
      if (context.printer.isJson) return context.printer.json(sets.length === 1 ? sets[0] : sets);
      context.printer.items(sets, { headers: ['SET ID'], cells: (set) => [set] });
    });
}

function importJwk(io: CliIo): Command {
  return withRemoteOptions(
    new Command('jwk')
      .alias('jwks')
      .description('Import keys (JWK JSON, or PEM with --alg) into a JSON Web Key set'),
    ADMIN_ENDPOINT,
  )
    .argument('<set>', 'the key set')
    .argument('[files...]', 'files holding a JWK, a JWK set or a PEM key ("-" or none: stdin)')
    .option('--alg <alg>', 'algorithm of keys that do not name one (required for PEM)')
    .option('--use <use>', 'use of keys that do not name one', 'sig')
    .action(
      async (
        set: string,
        files: string[],
        flags: RemoteOptions & { alg?: string; use: string },
      ) => {
        const context = remoteContext(flags, io);
        const imported: Jwk[] = [];
        for (const file of files.length > 0 ? files : ['-']) {
          for (const key of await readKeys(file, io, flags)) {
            const path = `${setPath(set)}/${encodeURIComponent(String(key.kid))}`;
            const response = await context.api
              .request<Jwk>('PUT', path, { json: key })
              .catch((error: unknown) => reportApiError(error, io, file));
            imported.push(response.body);
          }
        }
        print(context, set, imported);
      },
    );
}

async function readKeys(
  file: string,
  io: CliIo,
  flags: { alg?: string; use: string },
): Promise<Jwk[]> {
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Could not open file ${file}: ${(error as Error).message}`);
  }
  const keys = text.trimStart().startsWith('-----BEGIN')
    ? [pemToJwk(text, file)]
    : jsonKeys(text, file);
  return keys.map((key) => {
    const alg = key.alg ?? flags.alg;
    if (!alg)
      throw new CliError(
        `Flag --alg is required when an imported key (${file}) does not name its own alg.`,
      );
    return { ...key, kid: key.kid ?? randomUUID(), alg, use: key.use ?? flags.use };
  });
}

function pemToJwk(pem: string, file: string): Jwk {
  try {
    return (pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem)).export({
      format: 'jwk',
    }) as Jwk;
  } catch (error) {
    throw new CliError(`${file} is not a PEM key this tool can read: ${(error as Error).message}`);
  }
}

function jsonKeys(text: string, file: string): Jwk[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`Could not decode JSON from ${file}: ${(error as Error).message}`);
  }
  const keys = (value as { keys?: unknown })?.keys ?? value;
  const list = Array.isArray(keys) ? keys : [keys];
  if (list.some((key) => typeof key !== 'object' || key === null))
    throw new CliError(`${file} must hold a JWK, a JWK set or a PEM key`);
  return list as Jwk[];
}

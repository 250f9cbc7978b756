import type { Command } from 'commander';
import { CliError, type CliIo } from '../cli-io';
import { type OutputFormat, parseFormat, Printer } from '../output/printer';
import { ApiError, parseHeaders, RemoteApi, resolveEndpoint } from './admin-api';

export interface RemoteOptions {
  endpoint?: string;
  httpHeader?: string[];
  format?: string;
  skipTlsVerify?: boolean;
}

/** Accumulates a repeatable flag whose values may also be comma-separated lists. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ];
}

/** The flags every remote command shares (hydra-compat §6). */
export function withRemoteOptions(command: Command, endpointHelp: string): Command {
  return command
    .option('-e, --endpoint <url>', `${endpointHelp} (or env ORY_SDK_URL)`)
    .option(
      '-H, --http-header <header>',
      'extra HTTP header "Name: value" (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--format <format>', 'output format: default, json or json-pretty', 'default')
    .option('--skip-tls-verify', 'do not verify the server certificate (testing only)');
}

export interface RemoteContext {
  readonly api: RemoteApi;
  readonly printer: Printer;
  readonly format: OutputFormat;
}

export function remoteContext(
  options: RemoteOptions,
  io: CliIo,
  endpointFallbacks: readonly string[] = [],
): RemoteContext {
  const format = parseFormat(options.format);
  if (options.skipTlsVerify) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const endpoint = resolveEndpoint(options.endpoint, io.env, endpointFallbacks);
  return {
    api: new RemoteApi(endpoint, parseHeaders(options.httpHeader ?? [])),
    printer: new Printer(io.stdout, format),
    format,
  };
}

/** Prints a server error readably (its JSON body, indented) and turns it into exit code 1. */
export function reportApiError(error: unknown, io: CliIo, context?: string): never {
  if (error instanceof ApiError) {
    const body =
      typeof error.body === 'string'
        ? error.body
        : JSON.stringify(error.body ?? { status: error.status }, null, 2);
    io.stderr.write(
      `${context ? `${context}: ` : ''}${body}\n\nFailed to execute API request, see error above.\n`,
    );
    throw new CliError('API request failed', 1, true);
  }
  throw error;
}

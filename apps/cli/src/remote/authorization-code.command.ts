import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Command } from 'commander';
import { CliError, type CliIo } from '../cli-io';
import { basicAuthorization, resolveEndpoint } from './admin-api';
import { errorPage, homePage, tokensPage } from './authorization-code.pages';
import { collectList } from './remote-options';

export interface AuthorizationCodeFlags {
  endpoint?: string;
  clientId?: string;
  clientSecret?: string;
  port: string;
  scope?: string[];
  audience?: string[];
  prompt?: string[];
  maxAge?: string;
  redirect?: string;
  state?: string;
  authUrl?: string;
  tokenUrl?: string;
  responseMode?: string;
  open: boolean;
  shutdown: boolean;
}

/** One authorization request and what its callback must find. */
interface PendingFlow {
  readonly authorizeUrl: string;
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** `tessera perform authorization-code` and its Hydra v1 form `tessera token user`. */
export function performAuthorizationCode(
  io: CliIo,
  name = 'authorization-code',
  endpointFallbacks: readonly string[] = [],
): Command {
  return withFlowOptions(
    new Command(name)
      .description(
        'Get tokens with the OAuth 2.0 authorization code flow (PKCE), through a browser',
      )
      .option(
        '-e, --endpoint <url>',
        'public API URL, e.g. http://127.0.0.1:4444 (or env ORY_SDK_URL)',
      )
      .option('--client-id <id>', 'client id (or env OAUTH2_CLIENT_ID)')
      .option(
        '--client-secret <secret>',
        'client secret (or env OAUTH2_CLIENT_SECRET); none for a public client',
      )
      .option('--port <port>', 'port of the local callback server', '4446'),
  ).action(async (flags: AuthorizationCodeFlags) => {
    const settings = settingsOf(flags, io, endpointFallbacks);
    await new CallbackServer(flags, settings, io).run();
  });
}

function withFlowOptions(command: Command): Command {
  return command
    .option(
      '--scope <scopes>',
      'scope to request (repeatable or comma-separated; default offline,openid)',
      collectList,
    )
    .option(
      '--audience <audiences>',
      'audience to request (repeatable or comma-separated)',
      collectList,
    )
    .option(
      '--prompt <prompt>',
      'OpenID Connect prompt (repeatable or comma-separated)',
      collectList,
    )
    .option('--max-age <seconds>', 'OpenID Connect max_age')
    .option('--redirect <url>', 'redirect URI; default http://127.0.0.1:<port>/callback')
    .option('--state <state>', 'state to send; default random')
    .option('--auth-url <url>', 'authorization endpoint; default <endpoint>/oauth2/auth')
    .option('--token-url <url>', 'token endpoint; default <endpoint>/oauth2/token')
    .option('--response-mode <mode>', 'response_mode: query or form_post')
    .option('--no-open', 'do not open a browser')
    .option('--no-shutdown', 'keep serving after the first callback');
}

function settingsOf(
  flags: AuthorizationCodeFlags,
  io: CliIo,
  fallbacks: readonly string[],
): Settings {
  const endpoint = resolveEndpoint(flags.endpoint, io.env, fallbacks).replace(/\/+$/, '');
  const clientId = flags.clientId || io.env.OAUTH2_CLIENT_ID || '';
  if (!clientId) {
    throw new CliError(
      'Please provide a Client ID using flag --client-id or environment variable OAUTH2_CLIENT_ID.',
    );
  }
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535)
    throw new CliError('--port must be a TCP port number.');
  return {
    endpoint,
    port,
    clientId,
    clientSecret: flags.clientSecret || io.env.OAUTH2_CLIENT_SECRET || '',
    redirect: flags.redirect ?? `http://127.0.0.1:${port}/callback`,
    tokenUrl: flags.tokenUrl ?? `${endpoint}/oauth2/token`,
    logoutUrl: `${endpoint}/oauth2/sessions/logout`,
  };
}

/** The local server: a home page that starts the flow, and the redirect URI it ends at. */
class CallbackServer {
  private flow: PendingFlow;
  private readonly server: Server;

  constructor(
    private readonly flags: AuthorizationCodeFlags,
    private readonly settings: Settings,
    private readonly io: CliIo,
  ) {
    this.flow = newFlow(flags, settings);
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        io.stderr.write(`${(error as Error).message}\n`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
  }

  async run(): Promise<void> {
    const { port, redirect } = this.settings;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) =>
        reject(new CliError(`Could not listen on port ${port}: ${error.message}`)),
      );
      this.server.listen(port, '127.0.0.1', resolve);
    });
    const home = `http://127.0.0.1:${port}/`;
    this.io.stdout.write(
      `Setting up home route on ${home}\nSetting up callback listener on ${redirect}\n`,
    );
    this.io.stdout.write(
      `Press ctrl + c to end the process.\nIf your browser does not open automatically, navigate to:\n\n\t${home}\n\n`,
    );
    if (this.flags.open) openBrowser(home);
    await new Promise<void>((resolve) => this.server.on('close', resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.settings.port}`);
    if (url.pathname === '/') {
      this.flow = newFlow(this.flags, this.settings);
      return send(response, 200, homePage(this.flow.authorizeUrl));
    }
    if (url.pathname !== new URL(this.settings.redirect).pathname)
      return send(response, 404, 'Not found');
    const params =
      request.method === 'POST' ? new URLSearchParams(await readBody(request)) : url.searchParams;
    const done = await callback(params, this.flow, this.settings, this.io);
    send(response, done.status, done.html);
    if (done.finished && this.flags.shutdown) setImmediate(() => this.server.close());
  }
}

function newFlow(flags: AuthorizationCodeFlags, settings: Settings): PendingFlow {
  const verifier = randomBytes(32).toString('base64url');
  const state = flags.state ?? randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const query = new URLSearchParams({
    client_id: settings.clientId,
    response_type: 'code',
    redirect_uri: settings.redirect,
    scope: (flags.scope?.length ? flags.scope : ['offline', 'openid']).join(' '),
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  if (flags.audience?.length) query.set('audience', flags.audience.join(' '));
  if (flags.prompt?.length) query.set('prompt', flags.prompt.join(' '));
  if (flags.maxAge) query.set('max_age', flags.maxAge);
  if (flags.responseMode) query.set('response_mode', flags.responseMode);
  return {
    authorizeUrl: `${flags.authUrl ?? `${settings.endpoint}/oauth2/auth`}?${query}`,
    state,
    nonce,
    verifier,
  };
}

interface Settings {
  readonly endpoint: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirect: string;
  readonly tokenUrl: string;
  readonly logoutUrl: string;
}

/** The browser is back: show and print the error, or exchange the code and show the tokens. */
async function callback(params: URLSearchParams, flow: PendingFlow, settings: Settings, io: CliIo) {
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description') ?? '';
    io.stderr.write(`Got error: ${error}\nDescription: ${description}\n`);
    return { status: 400, html: errorPage(error, description), finished: true };
  }
  if (params.get('state') !== flow.state) {
    io.stderr.write('The state of the callback does not match the one sent.\n');
    return {
      status: 400,
      html: errorPage('invalid_state', 'The state does not match; start again.'),
      finished: false,
    };
  }
  const tokens = await exchange(params.get('code') ?? '', flow, settings);
  if (typeof tokens.error === 'string') {
    io.stderr.write(
      `Could not exchange the code: ${tokens.error} ${String(tokens.error_description ?? '')}\n`,
    );
    return {
      status: 400,
      html: errorPage(tokens.error, String(tokens.error_description ?? '')),
      finished: true,
    };
  }
  printTokens(tokens, io);
  const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : undefined;
  const html = tokensPage({
    tokens,
    idTokenClaims: idToken ? decodePayload(idToken) : undefined,
    logoutUrl: idToken
      ? `${settings.logoutUrl}?${new URLSearchParams({ id_token_hint: idToken })}`
      : undefined,
  });
  return { status: 200, html, finished: true };
}

/** The tokens on standard output, as Hydra's CLI prints them. */
function printTokens(tokens: Record<string, unknown>, io: CliIo): void {
  io.stdout.write(
    `Access Token:\n\t${String(tokens.access_token)}\nRefresh Token:\n\t${String(tokens.refresh_token ?? '<empty>')}\n` +
      `Expires in:\n\t${String(tokens.expires_in)}s\nID Token:\n\t${String(tokens.id_token ?? '<empty>')}\n`,
  );
}

async function exchange(
  code: string,
  flow: PendingFlow,
  settings: Settings,
): Promise<Record<string, unknown>> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: settings.redirect,
    code_verifier: flow.verifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (settings.clientSecret)
    headers.authorization = basicAuthorization(settings.clientId, settings.clientSecret);
  else form.set('client_id', settings.clientId);
  const response = await fetch(settings.tokenUrl, {
    method: 'POST',
    headers,
    body: form.toString(),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { error: `HTTP ${response.status}`, error_description: text.slice(0, 200) };
  }
}

function decodePayload(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, html: string): void {
  response
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(html);
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

/** Best effort: the user can always open the printed URL. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(command, [url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  } catch {
    // no browser here
  }
}

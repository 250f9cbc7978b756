import { CliError } from '../cli-io';

/** The answer of an API call: status, headers and the decoded JSON body (if any). */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A non-2xx answer from the server; its body is printed for the operator. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`The server answered ${status}`);
    this.name = 'ApiError';
  }
}

const TIMEOUT_MS = 10_000;

/** A small JSON-over-HTTP client for Hydra-compatible APIs, as the CLI's remote commands use them. */
export class RemoteApi {
  constructor(
    private readonly endpoint: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: RequestBody,
  ): Promise<ApiResponse<T>> {
    const url = `${this.endpoint.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Accept: 'application/json',
          ...contentType(body),
          ...body?.headers,
          ...this.headers,
        },
        body: encode(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new CliError(`Could not reach ${url}: ${describeNetworkError(error)}`);
    }
    const text = await response.text();
    const decoded = decode(text);
    if (!response.ok) throw new ApiError(response.status, decoded);
    return { status: response.status, headers: response.headers, body: decoded as T };
  }
}

/** A request body: a JSON document or form fields, and headers of this request only. */
export interface RequestBody {
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
}

function contentType(body: RequestBody | undefined): Record<string, string> {
  if (body?.json !== undefined) return { 'Content-Type': 'application/json' };
  if (body?.form !== undefined) return { 'Content-Type': 'application/x-www-form-urlencoded' };
  return {};
}

function encode(body: RequestBody | undefined): string | undefined {
  if (body?.json !== undefined) return JSON.stringify(body.json);
  if (body?.form === undefined) return undefined;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body.form)) {
    for (const item of typeof value === 'string' ? [value] : value) form.append(name, item);
  }
  return form.toString();
}

/** HTTP Basic credentials of a client (RFC 6749 §2.3.1: both parts form-url-encoded first). */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

function decode(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** `--endpoint`, then `ORY_SDK_URL`, then the v1 variables the 2019 tutorial used. */
export function resolveEndpoint(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  fallbacks: readonly string[] = [],
): string {
  const endpoint =
    flag || env.ORY_SDK_URL || fallbacks.map((name) => env[name]).find((value) => value);
  if (!endpoint)
    throw new CliError(
      'you have to set the remote endpoint (--endpoint or ORY_SDK_URL), try --help for details',
    );
  return endpoint;
}

/** `-H "Name: value"` flags as a header map. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0)
      throw new CliError(
        `Unable to parse --http-header ${JSON.stringify(value)}: use "Name: value".`,
      );
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

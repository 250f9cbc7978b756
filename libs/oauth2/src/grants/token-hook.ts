import { Injectable, Logger } from '@nestjs/common';
import { TesseraConfig, type WebhookSettings } from '@tessera/config';
import { AccessDeniedError, ServerError } from '@tessera/kernel';
import type { FormFields } from '../oauth-form';
import type { TokenSession } from '../tokens/token-records';

const TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** What the hook is told about the token request (hydra-compat §4.8). */
export interface TokenHookContext {
  readonly clientId: string;
  readonly grantType: string;
  readonly requestedScope: readonly string[];
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly subject: string;
  /** The form of the token request, without secrets and assertions. */
  readonly payload: FormFields;
  readonly consentRequestId?: string;
}

/** The form fields the hook sees, as Hydra sends them; never secrets, codes or tokens. */
const PAYLOAD_FIELDS = new Set([
  'grant_type',
  'response_type',
  'scope',
  'client_id',
  'audience',
  'redirect_uri',
]);
/** Retries after a transport failure, 429 or 5xx, with these pauses. */
const RETRY_PAUSES_MS = [250, 1_000];

/**
 * Hydra's token hook (`oauth2.token_hook`, and `oauth2.refresh_token_hook` for refreshes): before
 * tokens are minted the session is POSTed to a webhook, whose `200 {session: {access_token,
 * id_token}}` replaces the access token and ID token claims; `204` keeps them, `403` refuses the
 * request (`access_denied`), anything else is a `server_error`.
 */
@Injectable()
export class TokenHook {
  private readonly logger = new Logger('TokenHook');

  constructor(private readonly config: TesseraConfig) {}

  async apply(session: TokenSession, context: TokenHookContext): Promise<TokenSession> {
    const hooks = [
      this.config.oauth2.token_hook,
      context.grantType === 'refresh_token' ? this.config.oauth2.refresh_token_hook : undefined,
    ];
    let current = session;
    for (const hook of hooks) if (hook) current = await this.call(hook, current, context);
    return current;
  }

  private async call(
    hook: WebhookSettings,
    session: TokenSession,
    context: TokenHookContext,
  ): Promise<TokenSession> {
    const response = await this.post(hook, JSON.stringify(requestBody(session, context)));
    if (response.status === 204) return session;
    if (response.status === 403) {
      throw new AccessDeniedError().withHint(
        'The token hook target responded with an error. Make sure that the request you are making is valid. Maybe the credential or request parameters you are using are limited in scope or otherwise restricted.',
      );
    }
    if (response.status !== 200) {
      this.logger.error(`The token hook ${hook.url} answered ${response.status}.`);
      throw new ServerError().withHint('The token hook target responded with an error.');
    }
    return replaceClaims(session, await readJson(response));
  }

  /** POSTs the body, retrying transport failures, 429 and 5xx a bounded number of times. */
  private async post(hook: WebhookSettings, body: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let failure: Error | undefined;
      try {
        response = await fetch(hook.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=UTF-8', ...authHeaders(hook) },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (error) {
        failure = error as Error;
      }
      const retryable = !response || response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= RETRY_PAUSES_MS.length) {
        if (response) return response;
        this.logger.error(
          `The token hook ${hook.url} could not be reached: ${failure?.message ?? ''}`,
        );
        throw new ServerError().withHint('An error occurred while executing the token hook.');
      }
      await response?.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSES_MS[attempt]));
    }
  }
}

function authHeaders(hook: WebhookSettings): Record<string, string> {
  if (!hook.auth) return {};
  return hook.auth.in === 'header'
    ? { [hook.auth.name]: hook.auth.value }
    : { Cookie: `${hook.auth.name}=${hook.auth.value}` };
}

function requestBody(session: TokenSession, context: TokenHookContext): Record<string, unknown> {
  const payload = Object.fromEntries(
    Object.entries(context.payload).filter(([field]) => PAYLOAD_FIELDS.has(field)),
  );
  return {
    session: {
      id_token: {
        id_token_claims: {
          ...(session.oidc?.claims ?? {}),
          sub: session.oidc?.subject ?? context.subject,
        },
        headers: { extra: {} },
        subject: context.subject,
      },
      extra: session.ext,
      client_id: context.clientId,
      consent_challenge: context.consentRequestId ?? '',
    },
    request: {
      client_id: context.clientId,
      requested_scopes: context.requestedScope,
      granted_scopes: context.grantedScope,
      granted_audience: context.grantedAudience,
      grant_types: [context.grantType],
      payload,
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES)
    throw new ServerError().withHint('The token hook answered too much.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ServerError().withHint('The token hook did not answer JSON.');
  }
}

function replaceClaims(session: TokenSession, body: unknown): TokenSession {
  const replacement = (body as { session?: { access_token?: unknown; id_token?: unknown } } | null)
    ?.session;
  const object = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const ext = object(replacement?.access_token) ?? session.ext;
  const claims = object(replacement?.id_token);
  return { ext, oidc: session.oidc && claims ? { ...session.oidc, claims } : session.oidc };
}

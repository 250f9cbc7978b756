import { Injectable } from '@nestjs/common';
import { ClientStore, type OAuth2Client, toClientJson } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import {
  AccessDeniedError,
  Clock,
  InvalidRequestError,
  RequestUnauthorizedError,
} from '@tessera/kernel';
import { IdTokenHintVerifier } from '@tessera/oauth2';
import { flowId, withQuery } from './challenges';
import type { CookieInstruction } from './cookie-policy';
import { FlowCodec } from './flow.codec';
import { LoginSessionStore } from './login-session.store';
import { frontChannelLogoutPage, type LogoutRequest } from './logout-request';
import { SessionCookie } from './session-cookie';
import { SessionLogout } from './session-logout';

type Params = ReadonlyMap<string, string>;
type Cookies = Readonly<Record<string, string>>;

/** What the logout endpoint answers. */
export type LogoutOutcome =
  | { readonly kind: 'redirect'; readonly location: string; readonly cookies: CookieInstruction[] }
  | { readonly kind: 'page'; readonly html: string; readonly cookies: CookieInstruction[] };

const invalid = (hint: string) => new InvalidRequestError().withHint(hint);

/**
 * `/oauth2/sessions/logout` (OIDC RP-Initiated Logout 1.0; hydra-compat §3.7): starts a logout
 * — by the browser's session cookie, or by a client's `id_token_hint` — by sending the user to
 * the logout UI with a sealed logout challenge; with the logout verifier the UI returns, ends the
 * login session, notifies the clients that took part, and sends the browser on.
 */
@Injectable()
export class LogoutStrategy {
  constructor(
    private readonly codec: FlowCodec,
    private readonly sessions: LoginSessionStore,
    private readonly cookie: SessionCookie,
    private readonly hints: IdTokenHintVerifier,
    private readonly clients: ClientStore,
    private readonly logout: SessionLogout,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async handle(params: Params, cookies: Cookies): Promise<LogoutOutcome> {
    const verifier = params.get('logout_verifier');
    if (verifier !== undefined) return this.complete(verifier, cookies);
    const request = params.has('id_token_hint')
      ? await this.fromClient(params)
      : await this.fromBrowser(params, cookies);
    if (typeof request === 'string') return { kind: 'redirect', location: request, cookies: [] };
    const challenge = this.codec.seal(request, 'logout-challenge');
    return {
      kind: 'redirect',
      location: withQuery(this.config.urls.logout, { logout_challenge: challenge }),
      cookies: [],
    };
  }

  /** OP-initiated: the browser's own session, or straight on when it has none. */
  private async fromBrowser(params: Params, cookies: Cookies): Promise<LogoutRequest | string> {
    if (params.has('state'))
      throw invalid(
        'Logout failed because query parameter state is set but id_token_hint is missing.',
      );
    if (params.has('post_logout_redirect_uri')) {
      throw invalid(
        'Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing.',
      );
    }
    const sid = this.cookie.read(cookies);
    const session = sid === undefined ? undefined : await this.sessions.find(sid);
    const redirectTo = this.config.urls.post_logout_redirect;
    if (!session) return redirectTo;
    return this.request(session.subject, session.id, null, false, redirectTo);
  }

  /** RP-initiated: the session named by the client's ID token. */
  private async fromClient(params: Params): Promise<LogoutRequest | string> {
    const claims = await this.hints.verify(params.get('id_token_hint') as string);
    if (typeof claims.sid !== 'string' || claims.sid === '')
      throw invalid('Logout failed because query parameter id_token_hint is missing sid claim.');
    const client = await this.clientOf(hintAudiences(claims.aud, params.get('client_id')));
    const redirectTo = this.redirectTarget(client, params);
    const session = await this.sessions.find(claims.sid);
    if (!session) return redirectTo;
    return this.request(session.subject, session.id, client, true, redirectTo);
  }

  private async clientOf(audiences: readonly string[]): Promise<OAuth2Client> {
    for (const id of audiences) {
      const client = await this.clients.findById(id);
      if (client) return client;
    }
    throw invalid(
      'Logout failed because none of the listed audiences is a registered OAuth 2.0 Client.',
    );
  }

  /** RP-Initiated Logout §3: only a registered `post_logout_redirect_uri`, exactly, with `state`. */
  private redirectTarget(client: OAuth2Client, params: Params): string {
    const uri = params.get('post_logout_redirect_uri');
    if (uri === undefined) return this.config.urls.post_logout_redirect;
    if (!client.post_logout_redirect_uris.includes(uri)) {
      throw invalid(
        'Logout failed because query parameter post_logout_redirect_uri is not a whitelisted as a post_logout_redirect_uri for the client.',
      );
    }
    return withQuery(uri, { state: params.get('state') });
  }

  private request(
    subject: string,
    sid: string,
    client: OAuth2Client | null,
    rpInitiated: boolean,
    redirectTo: string,
  ): LogoutRequest {
    return {
      id: flowId(),
      subject,
      sid,
      client: client ? toClientJson(client) : null,
      requestUrl: this.config.publicUrl('/oauth2/sessions/logout'),
      rpInitiated,
      redirectTo,
      requestedAt: Math.floor(this.clock.nowMs() / 1000) * 1000,
    };
  }

  /** The UI accepted: end the session, once, and tell the clients. */
  private async complete(verifier: string, cookies: Cookies): Promise<LogoutOutcome> {
    const opened = this.codec.open<LogoutRequest>(verifier.trim(), 'logout-verifier');
    if (opened.status === 'invalid') {
      throw new AccessDeniedError().withHint(
        'The logout verifier has already been used, has not been granted, or is invalid.',
      );
    }
    if (opened.status === 'expired')
      throw new RequestUnauthorizedError().withHint(
        'The logout request has expired, please try the flow again.',
      );
    const request = opened.flow;
    if (!request.rpInitiated && !(await this.browserHolds(request, cookies)))
      return { kind: 'redirect', location: request.redirectTo, cookies: [] };
    const ended = await this.logout.end(request.subject, request.sid);
    // Only the cookie of the session that ended: a verifier used again, or in another browser,
    // must not sign out the session that browser has now.
    const cleared = this.cookie.read(cookies) === request.sid ? [this.cookie.clear()] : [];
    if (ended.frontChannelUrls.length === 0)
      return { kind: 'redirect', location: request.redirectTo, cookies: cleared };
    return {
      kind: 'page',
      html: frontChannelLogoutPage(ended.frontChannelUrls, request.redirectTo),
      cookies: cleared,
    };
  }

  /** An OP-initiated logout ends the session of the browser that asked for it, no other. */
  private async browserHolds(request: LogoutRequest, cookies: Cookies): Promise<boolean> {
    const sid = this.cookie.read(cookies);
    const session = sid === undefined ? undefined : await this.sessions.find(sid);
    return session?.subject === request.subject && session.id === request.sid;
  }
}

/**
 * The clients an `id_token_hint` names. RP-Initiated Logout §2: when the request also carries a
 * `client_id`, the OP MUST check that the ID token was issued to it; then it is that client.
 */
function hintAudiences(aud: unknown, clientId: string | undefined): readonly string[] {
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter(
    (a): a is string => typeof a === 'string',
  );
  if (clientId === undefined) return audiences;
  if (!audiences.includes(clientId)) {
    throw invalid(
      'Logout failed because query parameter client_id is not an audience of the id_token_hint.',
    );
  }
  return [clientId];
}

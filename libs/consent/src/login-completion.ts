import { Injectable } from '@nestjs/common';
import { AccessDeniedError, Clock, LoginRequiredError, type OAuthError } from '@tessera/kernel';
import { type AuthorizeRequest, IdTokenHintVerifier } from '@tessera/oauth2';
import { openVerifier } from './challenges';
import type { CookieInstruction } from './cookie-policy';
import { setCookieHeader } from './cookie-header';
import { CsrfCookies } from './csrf-cookies';
import type { Flow, HandledLogin } from './flow';
import { FlowCodec } from './flow.codec';
import { ForcedSubjectStore, LoginSessionStore } from './login-session.store';
import { denialError, LOGIN_DENIED } from './request-denial';
import { SessionCookie } from './session-cookie';
import { SubjectIdentifiers } from './subject-identifiers';

type Cookies = Readonly<Record<string, string>>;

/** A verified login, its flow ready for consent, and the session cookie to set or clear. */
export interface CompletedLogin {
  readonly flow: Flow & { readonly login: HandledLogin; readonly oidcSubject: string };
  readonly cookies: CookieInstruction[];
}

/**
 * The login verifier comes back (hydra-compat §3.3 step 4): it must belong to this client and
 * browser; the login must satisfy `prompt`, `max_age` and `id_token_hint` (OIDC Core §3.1.2.1);
 * then the login session is recorded and the browser's session cookie set, refreshed or ended.
 */
@Injectable()
export class LoginCompletion {
  constructor(
    private readonly codec: FlowCodec,
    private readonly csrf: CsrfCookies,
    private readonly sessions: LoginSessionStore,
    private readonly cookie: SessionCookie,
    private readonly hints: IdTokenHintVerifier,
    private readonly subjects: SubjectIdentifiers,
    private readonly forced: ForcedSubjectStore,
    private readonly clock: Clock,
  ) {}

  async complete(
    request: AuthorizeRequest,
    verifier: string,
    cookies: Cookies,
  ): Promise<CompletedLogin> {
    const flow = openVerifier(this.codec, verifier, 'login', request.client.client_id);
    if (flow.loginError) throw denialError(flow.loginError, LOGIN_DENIED);
    const login = flow.login;
    if (!login) {
      throw new AccessDeniedError().withHint(
        'The login verifier has already been used, has not been granted, or is invalid.',
      );
    }
    this.csrf.check('login', flow.clientId, flow.loginCsrf, cookies);
    const oidcSubject = this.subjects.forClient(
      request.client,
      login.subject,
      login.forceSubjectIdentifier,
    );
    const problem = await this.promptProblem(request, flow, login, oidcSubject);
    if (problem) throw await this.endBrowserSession(problem, cookies);
    if (login.forceSubjectIdentifier)
      await this.forced.set(flow.clientId, login.subject, login.forceSubjectIdentifier);
    // The verifier is single use in this browser: replayed from its history (after a logout, by
    // the next user of a shared computer) it must not sign anyone in again.
    const used = this.csrf.clear('login', flow.clientId);
    return {
      flow: { ...flow, login, oidcSubject },
      cookies: [...(await this.rememberLogin(flow, login, cookies)), used],
    };
  }

  /** OIDC Core §3.1.2.1 after the fact: what the login UI did must fit what the client asked for. */
  private async promptProblem(
    request: AuthorizeRequest,
    flow: Flow,
    login: HandledLogin,
    oidcSubject: string,
  ): Promise<string | undefined> {
    const requestedAt = Math.floor(flow.requestedAt / 1000);
    if (request.prompt.includes('login') && login.authenticatedAt < requestedAt)
      return "Prompt was set to 'login' but the user was not authenticated again.";
    if (request.prompt.includes('none') && login.authenticatedAt > requestedAt)
      return "Prompt was set to 'none' but the user logged in during this request.";
    if (request.maxAge !== undefined && login.authenticatedAt + request.maxAge < requestedAt)
      return "The authentication is older than 'max_age' allows.";
    if (request.oidc.idTokenHint) {
      const hint = await this.hints.verify(request.oidc.idTokenHint);
      if (hint.sub !== oidcSubject)
        return "The subject of the id_token_hint does not match the current session's subject.";
    }
    return undefined;
  }

  /** A login that cannot be trusted ends the browser's session too (as Hydra does). */
  private async endBrowserSession(problem: string, cookies: Cookies): Promise<OAuthError> {
    const sid = this.cookie.read(cookies);
    if (sid !== undefined) await this.sessions.delete(sid);
    return new LoginRequiredError()
      .withHint(problem)
      .withHeader('Set-Cookie', setCookieHeader(this.cookie.clear()));
  }

  /** Records the login session and sets the cookie of a remembered login (hydra-compat §3.3 step 4). */
  private async rememberLogin(
    flow: Flow,
    login: HandledLogin,
    cookies: Cookies,
  ): Promise<CookieInstruction[]> {
    const lifetime = this.cookie.lifetimeMs(login.rememberFor);
    const expiresAt = new Date(this.clock.nowMs() + lifetime);
    if (flow.loginSkip) {
      if (!login.extendSessionLifespan) return [];
      const session = await this.sessions.find(flow.sessionId);
      if (session) await this.sessions.save({ ...session, expiresAt });
      return [this.cookie.issue(flow.sessionId, lifetime)];
    }
    await this.sessions.save({
      id: flow.sessionId,
      subject: login.subject,
      authenticatedAt: new Date(login.authenticatedAt * 1000),
      remember: login.remember,
      identityProviderSessionId: login.identityProviderSessionId,
      expiresAt,
    });
    if (login.remember) return [this.cookie.issue(flow.sessionId, lifetime)];
    // Not remembered: this browser no longer has a single sign-on session (hydra-compat §3.3).
    const previous = this.cookie.read(cookies);
    if (previous !== undefined && previous !== flow.sessionId) await this.sessions.delete(previous);
    return previous === undefined ? [] : [this.cookie.clear()];
  }
}

import { Injectable } from '@nestjs/common';
import { type OAuth2Client, toClientJson } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { Clock, LoginRequiredError, randomUuid } from '@tessera/kernel';
import { type AuthorizeRequest, IdTokenHintVerifier } from '@tessera/oauth2';
import { flowId, withQuery } from './challenges';
import type { CookieInstruction } from './cookie-policy';
import { CsrfCookies } from './csrf-cookies';
import type { Flow } from './flow';
import { FlowCodec } from './flow.codec';
import { oidcContextJson } from './flow-json';
import { ForcedSubjectStore, type LoginSession, LoginSessionStore } from './login-session.store';
import { SessionCookie } from './session-cookie';
import { SubjectIdentifiers } from './subject-identifiers';

type Cookies = Readonly<Record<string, string>>;

/** Where a new authorization request goes: the login UI, with what the server remembers. */
export interface LoginStart {
  readonly location: string;
  readonly cookies: CookieInstruction[];
}

/**
 * The start of a flow (hydra-compat §3.3 step 2): finds the browser's remembered login, unless
 * `prompt=login`, `max_age` or an `id_token_hint` for someone else rule it out (OIDC Core
 * §3.1.2.1), and sends the user to the login UI with `skip` telling it whether to ask again.
 */
@Injectable()
export class LoginStep {
  constructor(
    private readonly codec: FlowCodec,
    private readonly csrf: CsrfCookies,
    private readonly sessions: LoginSessionStore,
    private readonly cookie: SessionCookie,
    private readonly hints: IdTokenHintVerifier,
    private readonly subjects: SubjectIdentifiers,
    private readonly forced: ForcedSubjectStore,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async start(request: AuthorizeRequest, cookies: Cookies): Promise<LoginStart> {
    const hint = request.oidc.idTokenHint
      ? await this.hints.verify(request.oidc.idTokenHint)
      : undefined;
    const session = await this.rememberedLogin(request, cookies, hint);
    if (request.prompt.includes('none') && !session) {
      throw new LoginRequiredError().withHint(
        "Prompt 'none' was requested, but no existing login session was found.",
      );
    }
    const flow: Flow = {
      id: flowId(),
      requestedAt: Math.floor(this.clock.nowMs() / 1000) * 1000,
      clientId: request.client.client_id,
      client: toClientJson(request.client),
      requestUrl: request.requestUrl,
      requestedScope: request.requestedScope,
      requestedAudience: request.requestedAudience,
      oidcContext: oidcContextJson(request.oidc, hint),
      sessionId: session?.id ?? randomUuid(),
      loginCsrf: flowId(),
      loginSkip: session !== undefined,
      rememberedSubject: session?.subject,
      rememberedAuthTime: session
        ? Math.floor(session.authenticatedAt.getTime() / 1000)
        : undefined,
    };
    const ui = request.prompt.includes('registration')
      ? this.config.urls.registration
      : this.config.urls.login;
    const location = withQuery(ui, {
      login_challenge: this.codec.seal(flow, 'login-challenge'),
      identity_schema: request.identitySchema,
    });
    return { location, cookies: [this.csrf.issue('login', flow.clientId, flow.loginCsrf)] };
  }

  /** The browser's remembered login, if it may be used for this request. */
  private async rememberedLogin(
    request: AuthorizeRequest,
    cookies: Cookies,
    hint: Record<string, unknown> | undefined,
  ): Promise<LoginSession | undefined> {
    if (request.prompt.includes('login') || request.prompt.includes('select_account'))
      return undefined;
    const sid = this.cookie.read(cookies);
    const session = sid === undefined ? undefined : await this.sessions.find(sid);
    const now = this.clock.nowMs();
    if (!session || !session.remember || session.expiresAt.getTime() <= now) return undefined;
    if (
      request.maxAge !== undefined &&
      session.authenticatedAt.getTime() + request.maxAge * 1000 < now
    ) {
      if (request.prompt.includes('none')) {
        throw new LoginRequiredError().withHint(
          "Request failed because prompt is set to 'none' and authentication time reached 'max_age'.",
        );
      }
      return undefined;
    }
    if (hint && !(await this.hintNames(request.client, session.subject, hint.sub as string))) {
      throw new LoginRequiredError().withHint(
        'Request failed because subject claim from id_token_hint does not match subject from authentication session.',
      );
    }
    return session;
  }

  /** Whether an ID token's `sub` names this subject: as itself, its pairwise form, or a forced one. */
  private async hintNames(client: OAuth2Client, subject: string, hinted: string): Promise<boolean> {
    if (hinted === subject || hinted === this.pairwise(client, subject)) return true;
    return (await this.forced.find(client.client_id, subject)) === hinted;
  }

  /** The client's form of the subject; a misconfigured pairwise client has none. */
  private pairwise(client: OAuth2Client, subject: string): string | undefined {
    try {
      return this.subjects.forClient(client, subject);
    } catch {
      return undefined;
    }
  }
}

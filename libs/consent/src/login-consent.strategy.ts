import { Injectable } from '@nestjs/common';
import { toClientJson } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import {
  AccessDeniedError,
  Clock,
  InvalidClientError,
  LoginRequiredError,
  randomUuid,
} from '@tessera/kernel';
import type { AuthorizeRequest } from '@tessera/oauth2';
import { flowId, openVerifier, type FlowStage, withQuery } from './challenges';
import type { CompletedFlow } from './consent-session.store';
import { type CookieInstruction, CsrfCookies } from './csrf-cookies';
import type { Flow } from './flow';
import { FlowCodec } from './flow.codec';
import { oidcContextJson } from './flow-json';
import { CONSENT_DENIED, denialError, LOGIN_DENIED } from './request-denial';

/** What the browser brought back to the authorization endpoint. */
export interface FlowInput {
  readonly loginVerifier?: string;
  readonly consentVerifier?: string;
  readonly cookies: Readonly<Record<string, string>>;
}

/** The next step of the flow: off to a UI, or consent given. */
export type FlowStep =
  | { readonly kind: 'redirect'; readonly location: string; readonly cookies: CookieInstruction[] }
  | { readonly kind: 'consented'; readonly flow: CompletedFlow };

/**
 * Hydra's login and consent flow (hydra-compat §3.3), seen from the authorization endpoint: a
 * new request goes to the login UI with a login challenge; the login verifier that comes back
 * goes on to the consent UI with a consent challenge; the consent verifier ends the flow. Each
 * verifier must come back to the browser holding the step's CSRF cookie, for the same client.
 */
@Injectable()
export class LoginConsentStrategy {
  constructor(
    private readonly codec: FlowCodec,
    private readonly csrf: CsrfCookies,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  handle(request: AuthorizeRequest, input: FlowInput): FlowStep {
    if (input.loginVerifier)
      return this.requestConsent(request, input.loginVerifier, input.cookies);
    if (input.consentVerifier) {
      return {
        kind: 'consented',
        flow: this.verifyConsent(request, input.consentVerifier, input.cookies),
      };
    }
    return this.requestLogin(request);
  }

  private requestLogin(request: AuthorizeRequest): FlowStep {
    // Without a remembered login session nothing can be skipped (OIDC Core §3.1.2.1).
    if (request.prompt.includes('none')) {
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
      oidcContext: oidcContextJson(request.oidc),
      sessionId: randomUuid(),
      loginCsrf: flowId(),
    };
    const ui = request.prompt.includes('registration')
      ? this.config.urls.registration
      : this.config.urls.login;
    const location = withQuery(ui, {
      login_challenge: this.codec.seal(flow, 'login-challenge'),
      identity_schema: request.identitySchema,
    });
    return {
      kind: 'redirect',
      location,
      cookies: [this.csrf.issue('login', flow.clientId, flow.loginCsrf)],
    };
  }

  private requestConsent(
    request: AuthorizeRequest,
    verifier: string,
    cookies: FlowInput['cookies'],
  ): FlowStep {
    const flow = this.verified(request, verifier, 'login');
    if (flow.loginError) throw denialError(flow.loginError, LOGIN_DENIED);
    if (!flow.login) throw invalidVerifier('login');
    this.csrf.check('login', flow.clientId, flow.loginCsrf, cookies);
    const next: Flow = { ...flow, consentRequestId: flowId(), consentCsrf: flowId() };
    const location = withQuery(this.config.urls.consent, {
      consent_challenge: this.codec.seal(next, 'consent-challenge'),
    });
    return {
      kind: 'redirect',
      location,
      cookies: [this.csrf.issue('consent', next.clientId, next.consentCsrf as string)],
    };
  }

  private verifyConsent(
    request: AuthorizeRequest,
    verifier: string,
    cookies: FlowInput['cookies'],
  ): CompletedFlow {
    const flow = this.verified(request, verifier, 'consent');
    if (flow.consentError) throw denialError(flow.consentError, CONSENT_DENIED);
    if (!flow.login || !flow.consent || !flow.consentRequestId || !flow.consentCsrf)
      throw invalidVerifier('consent');
    this.csrf.check('consent', flow.clientId, flow.consentCsrf, cookies);
    return flow as CompletedFlow;
  }

  /** The flow of a verifier, which must belong to the client of this request. */
  private verified(request: AuthorizeRequest, verifier: string, stage: FlowStage): Flow {
    const flow = openVerifier(this.codec, verifier, stage);
    if (flow.clientId !== request.client.client_id) {
      throw new InvalidClientError().withHint(
        'The flow client id does not match the authorize request client id.',
      );
    }
    return flow;
  }
}

function invalidVerifier(stage: FlowStage): AccessDeniedError {
  return new AccessDeniedError().withHint(
    `The ${stage} verifier has already been used, has not been granted, or is invalid.`,
  );
}

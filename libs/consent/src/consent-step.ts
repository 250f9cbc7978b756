import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { AccessDeniedError, Clock, ConsentRequiredError } from '@tessera/kernel';
import { type AuthorizeRequest, isSecureRedirectUri, ScopeStrategy } from '@tessera/oauth2';
import { flowId, openVerifier, withQuery } from './challenges';
import type { CompletedFlow } from './consent-session.store';
import { ConsentSessionStore } from './consent-session.store';
import type { CookieInstruction } from './cookie-policy';
import { CsrfCookies } from './csrf-cookies';
import type { CompletedLogin } from './login-completion';
import { FlowCodec } from './flow.codec';
import { CONSENT_DENIED, denialError } from './request-denial';

type Cookies = Readonly<Record<string, string>>;

/**
 * Consent (hydra-compat §3.3 steps 5–7): the consent UI is asked, with `skip` when a remembered
 * consent of this user for this client covers every requested scope; its verifier, back in the
 * browser that holds the consent CSRF cookie, completes the flow.
 */
@Injectable()
export class ConsentStep {
  constructor(
    private readonly codec: FlowCodec,
    private readonly csrf: CsrfCookies,
    private readonly consents: ConsentSessionStore,
    private readonly scopes: ScopeStrategy,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async request(
    request: AuthorizeRequest,
    login: CompletedLogin['flow'],
  ): Promise<{ location: string; cookie: CookieInstruction }> {
    const skip = await this.canSkip(request, login.login.subject);
    if (request.prompt.includes('none') && !skip) {
      throw new ConsentRequiredError().withHint(
        "Prompt 'none' was requested, but no previous consent was found.",
      );
    }
    const next = { ...login, consentRequestId: flowId(), consentCsrf: flowId(), consentSkip: skip };
    const location = withQuery(this.config.urls.consent, {
      consent_challenge: this.codec.seal(next, 'consent-challenge'),
    });
    return { location, cookie: this.csrf.issue('consent', next.clientId, next.consentCsrf) };
  }

  verify(request: AuthorizeRequest, verifier: string, cookies: Cookies): CompletedFlow {
    const flow = openVerifier(this.codec, verifier, 'consent', request.client.client_id);
    if (flow.consentError) throw denialError(flow.consentError, CONSENT_DENIED);
    if (!flow.login || !flow.consent || !flow.consentRequestId || !flow.consentCsrf) {
      throw new AccessDeniedError().withHint(
        'The consent verifier has already been used, has not been granted, or is invalid.',
      );
    }
    this.csrf.check('consent', flow.clientId, flow.consentCsrf, cookies);
    return flow as CompletedFlow;
  }

  private async canSkip(request: AuthorizeRequest, subject: string): Promise<boolean> {
    if (request.prompt.includes('consent')) return false;
    // RFC 6749 §10.2: a public client's identity is only assured by a redirect URI it controls.
    if (isPublic(request.client) && !isClaimedRedirect(request.redirectUri)) return false;
    const remembered = await this.consents.findRemembered(
      subject,
      request.client.client_id,
      this.clock.now(),
    );
    if (!remembered) return false;
    return this.scopes.firstRefused(remembered.grantedScope, request.requestedScope) === undefined;
  }
}

function isPublic(client: OAuth2Client): boolean {
  return client.token_endpoint_auth_method === 'none';
}

/** https, or http to the user's own machine; a custom scheme can be claimed by any app. */
function isClaimedRedirect(uri: string): boolean {
  const { protocol } = new URL(uri);
  return protocol === 'https:' || (protocol === 'http:' && isSecureRedirectUri(uri));
}

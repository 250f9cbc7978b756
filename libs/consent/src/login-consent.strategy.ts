import { Injectable } from '@nestjs/common';
import type { AuthorizeRequest } from '@tessera/oauth2';
import type { CompletedFlow } from './consent-session.store';
import type { CookieInstruction } from './cookie-policy';
import { ConsentStep } from './consent-step';
import { LoginCompletion } from './login-completion';
import { LoginStep } from './login-step';

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
 * goes on to the consent UI with a consent challenge; the consent verifier ends the flow.
 */
@Injectable()
export class LoginConsentStrategy {
  constructor(
    private readonly login: LoginStep,
    private readonly completion: LoginCompletion,
    private readonly consent: ConsentStep,
  ) {}

  async handle(request: AuthorizeRequest, input: FlowInput): Promise<FlowStep> {
    if (input.loginVerifier) {
      const login = await this.completion.complete(request, input.loginVerifier, input.cookies);
      const next = await this.consent.request(request, login.flow);
      return {
        kind: 'redirect',
        location: next.location,
        cookies: [...login.cookies, next.cookie],
      };
    }
    if (input.consentVerifier) {
      return {
        kind: 'consented',
        flow: this.consent.verify(request, input.consentVerifier, input.cookies),
      };
    }
    const start = await this.login.start(request, input.cookies);
    return { kind: 'redirect', ...start };
  }
}

import { Injectable } from '@nestjs/common';
import {
  type CookieInstruction,
  consentedGrant,
  ConsentSessionStore,
  LoginConsentStrategy,
} from '@tessera/consent';
import { Transactions } from '@tessera/database';
import { AccessDeniedError, isOAuthError } from '@tessera/kernel';
import {
  type AuthorizeParameters,
  AuthorizeRequestParser,
  type AuthorizeResponse,
  AuthorizeResponseIssuer,
} from '@tessera/oauth2';

/** What the authorization endpoint answers: a trip to a UI, or the response to the client. */
export type AuthorizeOutcome =
  | { readonly kind: 'redirect'; readonly location: string; readonly cookies: CookieInstruction[] }
  | { readonly kind: 'response'; readonly response: AuthorizeResponse };

export interface AuthorizeInput extends AuthorizeParameters {
  readonly cookies: Readonly<Record<string, string>>;
}

/**
 * The meeting point of the authorization endpoint and the login and consent flow (DESIGN §4, as
 * Hydra's `oauth2/handler.go`): validate the request, move the flow one step on, and once consent
 * is given record it — its single use — and issue the response, in one transaction.
 */
@Injectable()
export class AuthorizationFlow {
  constructor(
    private readonly parser: AuthorizeRequestParser,
    private readonly flows: LoginConsentStrategy,
    private readonly consents: ConsentSessionStore,
    private readonly responses: AuthorizeResponseIssuer,
    private readonly transactions: Transactions,
  ) {}

  async authorize(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    const request = await this.parser.parse(input);
    try {
      const step = await this.flows.handle(request, {
        loginVerifier: verifier(input, 'login_verifier'),
        consentVerifier: verifier(input, 'consent_verifier'),
        cookies: input.cookies,
      });
      if (step.kind === 'redirect') return step;
      await this.responses.prepare(request);
      const response = await this.transactions.run(async () => {
        if (!(await this.consents.record(step.flow))) {
          throw new AccessDeniedError().withHint('The consent verifier has already been used.');
        }
        return this.responses.issue(request, consentedGrant(step.flow, request));
      });
      return { kind: 'response', response };
    } catch (error) {
      throw isOAuthError(error) ? error.withRedirect(request.errorTarget) : error;
    }
  }
}

function verifier(input: AuthorizeParameters, name: string): string | undefined {
  const value = input.query[name] ?? input.body?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

import { Injectable } from '@nestjs/common';
import murmurhash from 'murmurhash';
import { TesseraConfig } from '@tessera/config';
import { constantTimeEqual, RequestForbiddenError } from '@tessera/kernel';
import { type CookieInstruction, CookiePolicy } from './cookie-policy';

export type CsrfKind = 'login' | 'consent';

/**
 * The anti-CSRF cookies of the login and consent steps (hydra-compat §3.2): a random value set
 * in the browser that starts a step and sealed into its challenge, checked when the verifier
 * comes back — so a verifier only works in the browser it was made for. One cookie per client
 * (`_<murmur3 of the client id>`), so parallel flows for different clients do not clash.
 */
@Injectable()
export class CsrfCookies {
  constructor(
    private readonly config: TesseraConfig,
    private readonly policy: CookiePolicy,
  ) {}

  name(kind: CsrfKind, clientId: string): string {
    const { names } = this.config.serve.cookies;
    const base = kind === 'login' ? names.login_csrf : names.consent_csrf;
    return `${this.policy.name(base)}_${murmurhash.v3(clientId, 0)}`;
  }

  issue(kind: CsrfKind, clientId: string, value: string): CookieInstruction {
    return this.policy.cookie(
      this.name(kind, clientId),
      value,
      this.config.ttl.login_consent_request,
    );
  }

  /** Ends the cookie once its verifier has been used, so the verifier cannot be used again. */
  clear(kind: CsrfKind, clientId: string): CookieInstruction {
    return this.policy.cookie(this.name(kind, clientId), '', 0);
  }

  /** `request_forbidden` unless the browser holds the value sealed in the verifier. */
  check(
    kind: CsrfKind,
    clientId: string,
    expected: string,
    cookies: Readonly<Record<string, string>>,
  ): void {
    const value = cookies[this.name(kind, clientId)];
    if (!value) {
      throw new RequestForbiddenError().withHint('No CSRF value available in the session cookie.');
    }
    if (!constantTimeEqual(value, expected)) {
      throw new RequestForbiddenError().withHint(
        'The CSRF value from the token does not match the CSRF value from the data store.',
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import murmurhash from 'murmurhash';
import { TesseraConfig } from '@tessera/config';
import { constantTimeEqual, RequestForbiddenError } from '@tessera/kernel';

/** A cookie to set on the response; the transport writes it. */
export interface CookieInstruction {
  readonly name: string;
  readonly value: string;
  readonly maxAgeMs: number;
  readonly httpOnly: true;
  readonly secure: boolean;
  readonly sameSite: 'strict' | 'lax' | 'none';
  readonly path: string;
  readonly domain?: string;
}

export type CsrfKind = 'login' | 'consent';

/**
 * The anti-CSRF cookies of the login and consent steps (hydra-compat §3.2): a random value set
 * in the browser that starts a step and sealed into its challenge, checked when the verifier
 * comes back — so a verifier only works in the browser it was made for. One cookie per client
 * (`_<murmur3 of the client id>`), so parallel flows for different clients do not clash.
 */
@Injectable()
export class CsrfCookies {
  constructor(private readonly config: TesseraConfig) {}

  name(kind: CsrfKind, clientId: string): string {
    const { names } = this.config.serve.cookies;
    const base = kind === 'login' ? names.login_csrf : names.consent_csrf;
    return `${base}${this.config.dev ? '_dev' : ''}_${murmurhash.v3(clientId, 0)}`;
  }

  issue(kind: CsrfKind, clientId: string, value: string): CookieInstruction {
    const { cookies } = this.config.serve;
    return {
      name: this.name(kind, clientId),
      value,
      maxAgeMs: this.config.ttl.login_consent_request,
      httpOnly: true,
      secure: !this.config.dev || cookies.secure,
      sameSite: this.sameSite(),
      path: '/',
      ...(cookies.domain ? { domain: cookies.domain } : {}),
    };
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

  /** SameSite=None needs a secure context; over plain http (development) Lax is the most that works. */
  private sameSite(): CookieInstruction['sameSite'] {
    const mode = this.config.serve.cookies.same_site_mode;
    if (mode === 'None' && !this.config.urls.self.issuer.startsWith('https:')) return 'lax';
    return mode.toLowerCase() as CookieInstruction['sameSite'];
  }
}

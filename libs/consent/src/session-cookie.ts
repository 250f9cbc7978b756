import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Aead, Clock } from '@tessera/kernel';
import { type CookieInstruction, CookiePolicy } from './cookie-policy';

const PURPOSE = 'tessera/session-cookie';
/** Hydra caps remembered logins at 180 days. */
export const MAX_SESSION_MS = 180 * 24 * 3_600_000;

/**
 * The login session cookie (`ory_hydra_session`, hydra-compat §3.2): the login session id and
 * when the cookie stops counting, sealed with the cookie secrets — so it can be neither forged nor
 * kept alive past its lifetime by copying it.
 */
@Injectable()
export class SessionCookie {
  private readonly aead: Aead;

  constructor(
    private readonly config: TesseraConfig,
    private readonly policy: CookiePolicy,
    private readonly clock: Clock,
  ) {
    this.aead = Aead.fromSecrets(config.secrets.cookie);
  }

  get name(): string {
    return this.policy.name(this.config.serve.cookies.names.session);
  }

  /** The login session id the browser holds, if its cookie is ours and still current. */
  read(cookies: Readonly<Record<string, string>>): string | undefined {
    const sealed = cookies[this.name];
    const opened = sealed ? this.aead.open(sealed, PURPOSE) : undefined;
    if (!opened) return undefined;
    try {
      const { sid, exp } = JSON.parse(opened.toString('utf8')) as { sid?: unknown; exp?: unknown };
      if (typeof sid !== 'string' || typeof exp !== 'number' || exp <= this.clock.nowMs())
        return undefined;
      return sid;
    } catch {
      return undefined;
    }
  }

  issue(sid: string, maxAgeMs: number): CookieInstruction {
    const value = this.aead.seal(
      JSON.stringify({ sid, exp: this.clock.nowMs() + maxAgeMs }),
      PURPOSE,
    );
    return this.policy.cookie(this.name, value, maxAgeMs, this.config.serve.cookies.paths.session);
  }

  clear(): CookieInstruction {
    return this.policy.cookie(this.name, '', 0, this.config.serve.cookies.paths.session);
  }

  /** How long a remembered login lasts: `remember_for`, else `ttl.authentication_session`; at most 180 days. */
  lifetimeMs(rememberForSeconds: number): number {
    const wanted =
      rememberForSeconds > 0 ? rememberForSeconds * 1000 : this.config.ttl.authentication_session;
    return Math.min(wanted, MAX_SESSION_MS);
  }
}

import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';

/** A cookie to set (or, with `maxAgeMs: 0`, to clear) on the response; the transport writes it. */
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

/**
 * The attributes of Hydra's cookies (hydra-compat §3.2): HttpOnly; Secure unless in `--dev`
 * (where `serve.cookies.secure` decides); `serve.cookies.same_site_mode`, except that SameSite=None
 * needs a secure context and becomes Lax for an http issuer; `serve.cookies.domain`.
 */
@Injectable()
export class CookiePolicy {
  constructor(private readonly config: TesseraConfig) {}

  /** `base`, with Hydra's `_dev` suffix in development mode. */
  name(base: string): string {
    return `${base}${this.config.dev ? '_dev' : ''}`;
  }

  cookie(name: string, value: string, maxAgeMs: number, path = '/'): CookieInstruction {
    const { cookies } = this.config.serve;
    return {
      name,
      value,
      maxAgeMs,
      httpOnly: true,
      secure: !this.config.dev || cookies.secure,
      sameSite: this.sameSite(),
      path,
      ...(cookies.domain ? { domain: cookies.domain } : {}),
    };
  }

  private sameSite(): CookieInstruction['sameSite'] {
    const mode = this.config.serve.cookies.same_site_mode;
    if (mode === 'None' && !this.config.urls.self.issuer.startsWith('https:')) return 'lax';
    return mode.toLowerCase() as CookieInstruction['sameSite'];
  }
}

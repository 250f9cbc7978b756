import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { CookiePolicy } from './cookie-policy';
import { CsrfCookies } from './csrf-cookies';

function cookies(env: Record<string, string>, dev: boolean): CsrfCookies {
  const { config } = loadConfig(
    {
      env: { DSN: 'memory', SECRETS_SYSTEM: 'a-secret-of-16-chars-or-more', ...env },
      flags: { dev },
    },
    { dsn: true, secrets: true, issuer: true },
  );
  return new CsrfCookies(config, new CookiePolicy(config));
}

describe("Hydra's per-client CSRF cookies", () => {
  it('are named after the murmur3 (x86, 32 bit, seed 0) of the client id, with _dev in dev mode', () => {
    const production = cookies({ URLS_SELF_ISSUER: 'https://auth.example/' }, false);
    // Reference values of MurmurHash3_x86_32.
    expect(production.name('login', 'hello')).toBe('ory_hydra_login_csrf_613153351');
    expect(production.name('consent', 'The quick brown fox jumps over the lazy dog')).toBe(
      'ory_hydra_consent_csrf_776992547',
    );
    expect(cookies({}, true).name('login', 'hello')).toBe('ory_hydra_login_csrf_dev_613153351');
    expect(
      cookies(
        { URLS_SELF_ISSUER: 'https://a.example/', SERVE_COOKIES_NAMES_LOGIN_CSRF: 'csrf' },
        false,
      ).name('login', ''),
    ).toBe('csrf_0');
  });

  it('are Secure and SameSite=None over https, Lax and not Secure in development over http', () => {
    expect(
      cookies({ URLS_SELF_ISSUER: 'https://auth.example/' }, false).issue('login', 'c', 'v'),
    ).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'none',
      path: '/',
      maxAgeMs: 30 * 60_000,
    });
    expect(cookies({}, true).issue('consent', 'c', 'v')).toMatchObject({
      secure: false,
      sameSite: 'lax',
    });
    expect(
      cookies(
        {
          SERVE_COOKIES_SECURE: 'true',
          SERVE_COOKIES_SAME_SITE_MODE: 'Strict',
          SERVE_COOKIES_DOMAIN: 'example.com',
        },
        true,
      ).issue('login', 'c', 'v'),
    ).toMatchObject({
      secure: true,
      sameSite: 'strict',
      domain: 'example.com',
    });
  });

  it('refuse a missing or different value with request_forbidden', () => {
    const csrf = cookies({}, true);
    const name = csrf.name('login', 'app');
    expect(() => csrf.check('login', 'app', 'expected', { [name]: 'expected' })).not.toThrow();
    for (const jar of [
      {},
      { [name]: 'other' },
      { [csrf.name('login', 'another-app')]: 'expected' },
    ]) {
      expect(() => csrf.check('login', 'app', 'expected', jar)).toThrow(
        expect.objectContaining({ error: 'request_forbidden', status: 403 }),
      );
    }
  });
  it('are cleared once their verifier is used: same name, empty, Max-Age 0', () => {
    const csrf = cookies({}, true);
    expect(csrf.clear('login', 'hello')).toMatchObject({
      name: 'ory_hydra_login_csrf_dev_613153351',
      value: '',
      maxAgeMs: 0,
      path: '/',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { Clock } from '@tessera/kernel';
import { CookiePolicy } from './cookie-policy';
import { MAX_SESSION_MS, SessionCookie } from './session-cookie';

class TestClock extends Clock {
  ms = 1_700_000_000_000;
  now(): Date {
    return new Date(this.ms);
  }
}

function setup(dev: boolean, secrets = 'cookie-secret-0123456789') {
  const { config } = loadConfig(
    {
      env: {
        DSN: 'memory',
        SECRETS_SYSTEM: 'system-secret-0123456789',
        SECRETS_COOKIE: secrets,
        URLS_SELF_ISSUER: 'https://auth.example/',
      },
      flags: { dev },
    },
    { dsn: true, secrets: true, issuer: true },
  );
  const clock = new TestClock();
  return { cookie: new SessionCookie(config, new CookiePolicy(config), clock), clock };
}

describe('the login session cookie', () => {
  it("is Hydra's ory_hydra_session (with _dev in development), HttpOnly, Secure, SameSite=None over https", () => {
    const { cookie } = setup(false);
    expect(cookie.issue('sid-1', 60_000)).toMatchObject({
      name: 'ory_hydra_session',
      httpOnly: true,
      secure: true,
      sameSite: 'none',
      path: '/',
      maxAgeMs: 60_000,
    });
    expect(setup(true).cookie.name).toBe('ory_hydra_session_dev');
  });

  it('reads back its session id until it expires, and refuses anything forged or foreign', () => {
    const { cookie, clock } = setup(false);
    const { name, value } = cookie.issue('sid-1', 60_000);
    expect(cookie.read({ [name]: value })).toBe('sid-1');
    clock.ms += 60_000;
    expect(cookie.read({ [name]: value })).toBeUndefined();
    const other = setup(false, 'another-cookie-secret-01');
    expect(other.cookie.read({ [name]: value })).toBeUndefined();
    expect(cookie.read({ [name]: 'sid-1' })).toBeUndefined();
    expect(cookie.read({})).toBeUndefined();
  });

  it('lasts remember_for, or ttl.authentication_session, never more than 180 days', () => {
    const { cookie } = setup(false);
    expect(cookie.lifetimeMs(3600)).toBe(3_600_000);
    expect(cookie.lifetimeMs(0)).toBe(720 * 3_600_000);
    expect(cookie.lifetimeMs(365 * 24 * 3600)).toBe(MAX_SESSION_MS);
    expect(cookie.clear()).toMatchObject({ value: '', maxAgeMs: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig, type TesseraConfig } from '@tessera/config';
import { Clock } from '@tessera/kernel';
import type { Flow } from './flow';
import { FlowCodec } from './flow.codec';

class TestClock extends Clock {
  ms = 1_700_000_000_000;
  now(): Date {
    return new Date(this.ms);
  }
}

function config(secrets: string): TesseraConfig {
  return loadConfig(
    {
      env: { DSN: 'memory', SECRETS_SYSTEM: secrets, TTL_LOGIN_CONSENT_REQUEST: '30m' },
      flags: { dev: true },
    },
    { dsn: true, secrets: true, issuer: true },
  ).config;
}

const clock = new TestClock();
const flow: Flow = {
  id: '0123456789abcdef0123456789abcdef',
  requestedAt: clock.ms,
  clientId: 'app',
  client: { client_id: 'app', client_name: 'App' },
  requestUrl: 'https://auth.example/oauth2/auth?client_id=app',
  requestedScope: ['openid'],
  requestedAudience: [],
  oidcContext: {},
  sessionId: 'a4b4c6d8-0000-4000-8000-000000000000',
  loginCsrf: 'fedcba9876543210fedcba9876543210',
};

describe('sealed flows', () => {
  const codec = new FlowCodec(config('first-secret-0123456789'), clock);

  it('opens what it sealed, for the same purpose only', () => {
    const sealed = codec.seal(flow, 'login-challenge');
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.open(sealed, 'login-challenge')).toEqual({ status: 'open', flow });
    for (const other of ['login-verifier', 'consent-challenge', 'consent-verifier'] as const)
      expect(codec.open(sealed, other)).toEqual({ status: 'invalid' });
  });

  it('refuses tampered, truncated, empty and oversized blobs', () => {
    const sealed = codec.seal(flow, 'consent-verifier');
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    for (const bad of [
      flipped,
      sealed.slice(0, 30),
      '',
      undefined,
      'x'.repeat(70_000),
      'not base64!',
    ])
      expect(codec.open(bad, 'consent-verifier')).toEqual({ status: 'invalid' });
  });

  it('expires ttl.login_consent_request after the authorization request', () => {
    const sealed = codec.seal(flow, 'login-verifier');
    clock.ms = flow.requestedAt + 30 * 60_000 - 1;
    expect(codec.open(sealed, 'login-verifier').status).toBe('open');
    clock.ms = flow.requestedAt + 30 * 60_000;
    expect(codec.open(sealed, 'login-verifier')).toEqual({ status: 'expired', flow });
    clock.ms = flow.requestedAt;
  });

  it('opens with every listed secret, seals with the first (rotation)', () => {
    const old = codec.seal(flow, 'login-challenge');
    const rotated = new FlowCodec(
      config('second-secret-0123456789,first-secret-0123456789'),
      clock,
    );
    expect(rotated.open(old, 'login-challenge').status).toBe('open');
    expect(codec.open(rotated.seal(flow, 'login-challenge'), 'login-challenge').status).toBe(
      'invalid',
    );
  });
});

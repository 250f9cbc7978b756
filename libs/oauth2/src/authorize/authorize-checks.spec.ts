import { describe, expect, it } from 'vitest';
import type { OAuth2Client } from '@tessera/clients';
import * as checks from './authorize-checks';

const client = {
  response_types: ['code', 'id_token token', 'code id_token'],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'none',
} as unknown as OAuth2Client;
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const error = (code: string) => expect.objectContaining({ error: code });

describe('authorization request checks', () => {
  it('accepts response types registered as a set, in any order', () => {
    expect(
      checks.checkResponseType(
        client,
        'token id_token',
        checks.splitResponseType('token id_token'),
      ),
    ).toEqual(['id_token', 'token']);
    for (const raw of ['token', 'code token', 'none', 'code code device'])
      expect(() => checks.checkResponseType(client, raw, checks.splitResponseType(raw))).toThrow(
        error('unsupported_response_type'),
      );
    expect(() => checks.checkResponseType(client, undefined, undefined)).toThrow(
      error('unsupported_response_type'),
    );
  });

  it('answers code in the query and tokens in the fragment, never tokens in the query', () => {
    expect(checks.defaultResponseMode(['code'])).toBe('query');
    expect(checks.defaultResponseMode(['code', 'id_token'])).toBe('fragment');
    expect(() => checks.checkResponseModeIsSafe('query', ['id_token'])).toThrow(
      error('unsupported_response_mode'),
    );
    expect(() => checks.parseResponseMode('jwt')).toThrow(error('unsupported_response_mode'));
  });

  it('needs the grant behind each response type', () => {
    expect(() => checks.checkGrantTypes(client, ['code'])).not.toThrow();
    expect(() => checks.checkGrantTypes(client, ['id_token'])).toThrow(
      error('unauthorized_client'),
    );
    expect(() => checks.checkGrantTypes(client, ['code', 'token'])).toThrow(
      error('unauthorized_client'),
    );
  });

  it('needs openid and a nonce of 8+ characters for ID tokens from the authorization endpoint', () => {
    expect(() => checks.checkOpenIdParameters(['id_token'], ['profile'], 'nonce-1234')).toThrow(
      error('unsupported_response_type'),
    );
    expect(() => checks.checkOpenIdParameters(['id_token'], ['openid'], undefined)).toThrow(
      error('invalid_request'),
    );
    expect(() => checks.checkOpenIdParameters(['code'], ['openid'], 'short')).toThrow(
      error('insufficient_entropy'),
    );
    expect(() => checks.checkOpenIdParameters(['code'], ['openid'], undefined)).not.toThrow();
  });

  it('validates state, prompt and max_age', () => {
    expect(() => checks.checkState('1234567')).toThrow(error('invalid_state'));
    expect(checks.parsePrompt('login consent')).toEqual(['login', 'consent']);
    expect(() => checks.parsePrompt('none login')).toThrow(error('invalid_request'));
    expect(() => checks.parsePrompt('maybe')).toThrow(error('invalid_request'));
    expect(checks.parseMaxAge('0')).toBe(0);
    expect(() => checks.parseMaxAge('-1')).toThrow(error('invalid_request'));
  });

  it('takes S256 challenges only, and enforces PKCE as configured', () => {
    const off = { all: false, publicClients: false };
    expect(checks.checkCodeChallenge(client, ['code'], CHALLENGE, 'S256', off)).toBe(CHALLENGE);
    expect(checks.checkCodeChallenge(client, ['token'], CHALLENGE, 'S256', off)).toBe('');
    expect(checks.checkCodeChallenge(client, ['code'], undefined, undefined, off)).toBe('');
    for (const method of ['plain', undefined, 'S512'])
      expect(() => checks.checkCodeChallenge(client, ['code'], CHALLENGE, method, off)).toThrow(
        error('invalid_request'),
      );
    expect(() => checks.checkCodeChallenge(client, ['code'], 'too-short', 'S256', off)).toThrow(
      error('invalid_request'),
    );
    expect(() =>
      checks.checkCodeChallenge(client, ['code'], undefined, undefined, {
        all: false,
        publicClients: true,
      }),
    ).toThrow(error('invalid_request'));
    expect(() =>
      checks.checkCodeChallenge(client, ['code'], undefined, undefined, {
        all: true,
        publicClients: false,
      }),
    ).toThrow(error('invalid_request'));
  });

  it('takes dpop_jkt as a base64url SHA-256 thumbprint, for responses with a code only (RFC 9449 §10)', () => {
    const jkt = CHALLENGE;
    expect(checks.checkDpopJkt(['code'], jkt)).toBe(jkt);
    expect(checks.checkDpopJkt(['code', 'id_token'], jkt)).toBe(jkt);
    expect(checks.checkDpopJkt(['code'], undefined)).toBeUndefined();
    expect(checks.checkDpopJkt(['token'], undefined)).toBeUndefined();
    const nonCanonical = `${jkt.slice(0, -1)}N`;
    for (const malformed of ['too-short', `${jkt}A`, `${jkt.slice(0, -1)}=`, nonCanonical])
      expect(() => checks.checkDpopJkt(['code'], malformed), malformed).toThrow(
        error('invalid_request'),
      );
    for (const types of [['token'], ['id_token'], ['id_token', 'token']])
      expect(() => checks.checkDpopJkt(types, jkt)).toThrow(error('invalid_request'));
  });

  it('refuses tokens from the authorization endpoint to clients whose tokens must be DPoP-bound', () => {
    const off = { enforced: false, enforced_for_public_clients: false };
    const publicOnly = { enforced: false, enforced_for_public_clients: true };
    const confidential = { ...client, token_endpoint_auth_method: 'client_secret_basic' };
    expect(() => checks.checkTokensCanBeBound(off, client, ['token'])).not.toThrow();
    expect(() => checks.checkTokensCanBeBound(publicOnly, client, ['id_token', 'token'])).toThrow(
      error('unsupported_response_type'),
    );
    expect(() =>
      checks.checkTokensCanBeBound(publicOnly, client, ['code', 'id_token']),
    ).not.toThrow();
    expect(() => checks.checkTokensCanBeBound(publicOnly, confidential, ['token'])).not.toThrow();
    expect(() =>
      checks.checkTokensCanBeBound({ ...off, enforced: true }, confidential, ['code', 'token']),
    ).toThrow(error('unsupported_response_type'));
  });

  it('refuses tokens from the authorization endpoint to clients registered for certificate-bound tokens (RFC 8705 §3)', () => {
    const off = { enforced: false, enforced_for_public_clients: false };
    const bound = { ...client, tls_client_certificate_bound_access_tokens: true };
    expect(() => checks.checkTokensCanBeBound(off, bound, ['id_token', 'token'])).toThrow(
      error('unsupported_response_type'),
    );
    expect(() => checks.checkTokensCanBeBound(off, bound, ['code', 'token'])).toThrow(
      error('unsupported_response_type'),
    );
    expect(() => checks.checkTokensCanBeBound(off, bound, ['code', 'id_token'])).not.toThrow();
    expect(() => checks.checkTokensCanBeBound(off, client, ['id_token', 'token'])).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import type { OAuth2Client } from '@tessera/clients';
import { InvalidDpopProofError, InvalidGrantError } from '@tessera/kernel';
import type { AuthorizationCodeRecord, TokenRecord } from '../tokens/token-records';
import {
  bindCode,
  bindSession,
  checkCodeBinding,
  checkDpopRequired,
  checkRefreshBinding,
  tokenTypeOf,
} from './dpop-binding';

const record = (jkt?: string): TokenRecord => ({
  key: 'k',
  requestId: 'r',
  clientId: 'c',
  subject: 's',
  grantedScope: ['offline'],
  grantedAudience: [],
  session: { ext: { a: 1 }, ...(jkt ? { cnf: { jkt } } : {}) },
  requestedAt: new Date(0),
  expiresAt: new Date(1),
});
const code = (jkt?: string): AuthorizationCodeRecord => ({
  ...record(jkt),
  active: true,
  redirectUri: '',
  codeChallenge: '',
});
const client = (method: string) => ({ token_endpoint_auth_method: method }) as OAuth2Client;

describe('DPoP binding (RFC 9449 §5, §6)', () => {
  it('binds a session to the proof key, replaces an older key, and unbinds without a proof', () => {
    const plain = { ext: { a: 1 } };
    expect(bindSession(plain, undefined)).toBe(plain);
    expect(bindSession(plain, { jkt: 'one' })).toEqual({ ext: { a: 1 }, cnf: { jkt: 'one' } });
    const bound = { ext: {}, cnf: { jkt: 'one' } };
    expect(bindSession(bound, { jkt: 'two' })).toEqual({ ext: {}, cnf: { jkt: 'two' } });
    expect(bindSession(bound, undefined)).toEqual({ ext: {} });
  });

  it('binds to a certificate thumbprint (RFC 8705 §3), alone or beside a DPoP key', () => {
    const plain = { ext: {} };
    expect(bindSession(plain, undefined, 'x5t')).toEqual({ ext: {}, cnf: { 'x5t#S256': 'x5t' } });
    expect(bindSession(plain, { jkt: 'one' }, 'x5t')).toEqual({
      ext: {},
      cnf: { jkt: 'one', 'x5t#S256': 'x5t' },
    });
    const both = { ext: {}, cnf: { jkt: 'one', 'x5t#S256': 'x5t' } };
    expect(bindSession(both, undefined, undefined)).toEqual({ ext: {} });
  });

  it('says DPoP for bound tokens and keeps the lower-case bearer otherwise', () => {
    expect(tokenTypeOf({ jkt: 'x' })).toBe('DPoP');
    expect(tokenTypeOf(undefined)).toBe('bearer');
  });

  it('lets any refresh of an unbound refresh token through', () => {
    expect(() => checkRefreshBinding(record(), client('none'), undefined)).not.toThrow();
    expect(() => checkRefreshBinding(record(), client('none'), { jkt: 'x' })).not.toThrow();
  });

  it("holds a public client's refresh token to its key", () => {
    const bound = record('key-1');
    expect(() => checkRefreshBinding(bound, client('none'), undefined)).toThrow(
      InvalidDpopProofError,
    );
    expect(() => checkRefreshBinding(bound, client('none'), { jkt: 'key-2' })).toThrow(
      InvalidGrantError,
    );
    expect(() => checkRefreshBinding(bound, client('none'), { jkt: 'key-1' })).not.toThrow();
  });

  it('lets a confidential client change keys, but never drop the proof of a DPoP grant', () => {
    const bound = record('key-1');
    const confidential = client('client_secret_basic');
    expect(() => checkRefreshBinding(bound, confidential, undefined)).toThrow(
      InvalidDpopProofError,
    );
    expect(() => checkRefreshBinding(bound, confidential, { jkt: 'key-2' })).not.toThrow();
  });

  it('binds a code to the key of dpop_jkt, and leaves it unbound without one (RFC 9449 §10)', () => {
    const plain = { ext: { a: 1 } };
    expect(bindCode(plain, undefined)).toBe(plain);
    expect(bindCode(plain, 'key-1')).toEqual({ ext: { a: 1 }, cnf: { jkt: 'key-1' } });
  });

  it('exchanges a bound code only with a proof of its key; an unbound code with or without one', () => {
    expect(() => checkCodeBinding(code(), undefined)).not.toThrow();
    expect(() => checkCodeBinding(code(), { jkt: 'any' })).not.toThrow();
    expect(() => checkCodeBinding(code('key-1'), { jkt: 'key-1' })).not.toThrow();
    expect(() => checkCodeBinding(code('key-1'), { jkt: 'key-2' })).toThrow(InvalidDpopProofError);
    expect(() => checkCodeBinding(code('key-1'), undefined)).toThrow(InvalidDpopProofError);
  });

  it.each([
    [false, false, 'none', false],
    [false, true, 'none', true],
    [false, true, 'client_secret_basic', false],
    [true, false, 'client_secret_basic', true],
    [true, false, 'private_key_jwt', true],
  ])(
    'requires a proof (enforced %s, for public clients %s) from a %s client: %s',
    (enforced, forPublic, method, required) => {
      const policy = { enforced, enforced_for_public_clients: forPublic };
      const check = () => checkDpopRequired(policy, client(method), undefined);
      if (required) expect(check).toThrow(InvalidDpopProofError);
      else expect(check).not.toThrow();
      expect(() => checkDpopRequired(policy, client(method), { jkt: 'x' })).not.toThrow();
    },
  );
});

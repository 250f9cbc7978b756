import { describe, expect, it } from 'vitest';
import {
  checkRequestLength,
  collectParameters,
  MAX_AUTHORIZE_PARAMETERS_LENGTH,
} from './authorize-parameters';

const invalidRequest = expect.objectContaining({ error: 'invalid_request' });

describe('authorization request parameters (RFC 6749 §3.1)', () => {
  it.each([
    ['twice in the query', { query: { client_id: ['a', 'a'] } }],
    ['twice with different values', { query: { redirect_uri: ['https://a/cb', 'https://b/cb'] } }],
    ['in the query and the form', { query: { state: 'one-state' }, body: { state: 'two-state' } }],
    ['as a verifier twice', { query: { login_verifier: ['x', 'y'] } }],
    ['as something other than text', { query: { scope: { nested: 'openid' } } }],
  ])('refuses a parameter %s with invalid_request', (_case, input) => {
    expect(() => collectParameters(input)).toThrow(invalidRequest);
  });

  it('lets audience repeat, and keeps the verifiers out of the request URL', () => {
    const collected = collectParameters({
      query: { audience: ['https://a', 'https://b'], login_verifier: 'v', state: ' s ' },
      body: { consent_verifier: 'w' },
    });
    expect(collected.audience).toEqual(['https://a', 'https://b']);
    expect(collected.params.get('state')).toBe('s');
    expect(collected.params.get('login_verifier')).toBe('v');
    expect(collected.original.map(([name]) => name)).toEqual(['audience', 'audience', 'state']);
  });

  it('bounds the size of the request, encoded, and not its verifiers', () => {
    const sized = (length: number): Array<[string, string]> => [
      ['state', 's'.repeat(length - 'state='.length)],
    ];
    expect(() => checkRequestLength(sized(MAX_AUTHORIZE_PARAMETERS_LENGTH))).not.toThrow();
    expect(() => checkRequestLength(sized(MAX_AUTHORIZE_PARAMETERS_LENGTH + 1))).toThrow(
      invalidRequest,
    );
    // Encoded: one byte that needs escaping counts three times.
    expect(() =>
      checkRequestLength([['state', '\0'.repeat(MAX_AUTHORIZE_PARAMETERS_LENGTH / 3)]]),
    ).toThrow(invalidRequest);
    const { original } = collectParameters({
      query: { state: 'short-state', login_verifier: 'v'.repeat(64 * 1024) },
    });
    expect(() => checkRequestLength(original)).not.toThrow();
  });
});

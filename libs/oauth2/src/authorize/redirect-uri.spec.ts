import { describe, expect, it } from 'vitest';
import { isSecureRedirectUri, isValidRedirectUri, resolveRedirectUri } from './redirect-uri';

const client = {
  redirect_uris: [
    'https://app.example/cb',
    'https://app.example/cb2?x=1',
    'http://127.0.0.1:8080/native',
    'https://127.0.0.1:8443/tls',
    'com.example.app:/cb',
  ],
};

describe('redirect URI matching (RFC 6749 §3.1.2, RFC 8252 §7.3)', () => {
  it.each([
    ['https://app.example/cb', true],
    ['https://app.example/cb2?x=1', true],
    ['com.example.app:/cb', true],
    ['http://127.0.0.1:9999/native', true],
    ['http://127.0.0.1/native', true],
    ['https://app.example/cb/', false],
    ['https://app.example/CB', false],
    ['https://app.example/cb?x=1', false],
    ['https://app.example/cb2', false],
    ['https://app.example/cb2?x=1&y=2', false],
    ['http://localhost:8080/native', false],
    ['http://127.0.0.1:8080/native?x', false],
    ['https://app.example.evil/cb', false],
    ['http://x@127.0.0.1:9999/native', false],
    ['http://x:y@127.0.0.1:8080/native', false],
    ['http://127.0.0.1:9999/tls', false],
    ['https://127.0.0.1:8443/tls', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['https://app.example/cb#frag', false],
    // Loopback: the port may differ, nothing else — however a URL parser would repair it.
    ['HTTP://127.0.0.1:9999/native', false],
    ['http:/127.0.0.1:9999/native', false],
    ['http://127.1:9999/native', false],
    ['http://0x7f.0.0.1:9999/native', false],
    ['http://127.0.0.1:9999/x/../native', false],
    ['http://127.0.0.1:9999/%6eative', false],
    ['http://127.0.0.1:9999\\native', false],
    ['http://127.0.0.1:9999/nat\tive', false],
    ['http://127.0.0.1:9999/native\n', false],
    ['http://127.0.0.1:9999/native\0', false],
    ['http://127.0.0.1:9999/native?', false],
    ['http://127.0.0.1:/native', false],
    ['http://127.0.0.1:9999@evil.example/native', false],
  ])('%s matches: %s', (given, matches) => {
    if (matches) expect(resolveRedirectUri(client, given, true)).toBe(given);
    else
      expect(() => resolveRedirectUri(client, given, true)).toThrow(
        expect.objectContaining({ error: 'invalid_request' }),
      );
  });

  it('uses the only registered URI when none is given, except for OpenID Connect', () => {
    const single = { redirect_uris: ['https://app.example/cb'] };
    expect(resolveRedirectUri(single, undefined, false)).toBe('https://app.example/cb');
    expect(() => resolveRedirectUri(single, undefined, true)).toThrow();
    expect(() => resolveRedirectUri(client, undefined, false)).toThrow();
  });

  it('knows valid and secure redirect URIs', () => {
    expect(isValidRedirectUri('https://a.example/cb#frag')).toBe(false);
    expect(isValidRedirectUri('/relative')).toBe(false);
    expect(isSecureRedirectUri('https://a.example/cb')).toBe(true);
    expect(isSecureRedirectUri('http://localhost:3000/cb')).toBe(true);
    expect(isSecureRedirectUri('http://app.localhost/cb')).toBe(true);
    expect(isSecureRedirectUri('http://[::1]:3000/cb')).toBe(true);
    expect(isSecureRedirectUri('http://127.0.0.2/cb')).toBe(true);
    expect(isSecureRedirectUri('com.example.app:/cb')).toBe(true);
    expect(isSecureRedirectUri('http://app.example/cb')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originOf, redirectUriProblem, webUrlProblem } from './client-uris';

describe('redirect URIs', () => {
  it.each([
    ['https://app.example/cb', false],
    ['https://app.example/cb?x=1', false],
    ['http://127.0.0.1:8080/cb', false],
    ['http://[::1]/cb', false],
    ['http://localhost/cb', false],
    ['com.example.app:/oauth2redirect', false],
  ])('accepts %s', (uri, dev) => {
    expect(redirectUriProblem(uri, dev)).toBeUndefined();
  });

  it.each([
    ['https://app.example/cb#x', true],
    ['/relative', true],
    ['javascript:alert(1)', true],
    ['data:text/html,x', true],
    ['file:///etc/passwd', true],
    ['https://user:pw@app.example/cb', true],
    ['http://app.example/cb', false],
    [' https://app.example/cb', true],
    ['https:///cb', true],
    ['https://app.example/c\u0000b', true],
    ['https://app.example/cb?x=\u001f', true],
    ['https://app.example/c\u007fb', true],
  ])('refuses %j', (uri, dev) => {
    expect(redirectUriProblem(uri, dev)).toBeTypeOf('string');
  });

  it('allows plain http on any host in development mode', () => {
    expect(redirectUriProblem('http://app.example/cb', true)).toBeUndefined();
  });
});

describe('other client URIs', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(webUrlProblem('policy_uri', 'https://a.example/policy')).toBeUndefined();
    expect(webUrlProblem('policy_uri', 'ftp://a.example/policy')).toBeTypeOf('string');
    expect(webUrlProblem('policy_uri', 'policy')).toBeTypeOf('string');
    expect(webUrlProblem('jwks_uri', 'https://a.example/jw\u0000ks')).toBeTypeOf('string');
  });

  it('normalises CORS origins to scheme, host and port', () => {
    expect(normaliseOrigin('https://App.Example')).toEqual({ origin: 'https://app.example' });
    expect(normaliseOrigin('https://app.example:8443/')).toEqual({
      origin: 'https://app.example:8443',
    });
    expect(normaliseOrigin('https://app.example:443')).toEqual({ origin: 'https://app.example' });
    for (const bad of [
      'https://app.example/x',
      'https://app.example?x',
      'https://app.example#x',
      'ftp://app.example',
      'app.example',
    ]) {
      expect(normaliseOrigin(bad)).toHaveProperty('problem');
    }
  });

  it('compares post-logout redirects by scheme, host and port', () => {
    expect(originOf('https://a.example/cb')).toBe(originOf('https://a.example/logout'));
    expect(originOf('https://a.example:8443/cb')).not.toBe(originOf('https://a.example/cb'));
  });
});

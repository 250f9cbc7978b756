import { describe, expect, it } from 'vitest';
import { audienceAllowed } from './audience-strategy';
import { wildcardScopeMatches } from './scope-strategy';

describe("Hydra's wildcard scope strategy", () => {
  it.each([
    ['openid', 'openid', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a.b.c', true],
    ['a.*', 'a', false],
    ['a.*', 'a.', false],
    ['a.*', 'b.c', false],
    ['*', 'anything', true],
    ['*', '', false],
    ['a', 'a.b', false],
    ['a.*.c', 'a.x.c', true],
    ['a.*.c', 'a.x.c.d', false],
    ['a.*.c', 'a..c', false],
    ['a.*', 'a.*', true],
    ['Read', 'read', false],
  ])('%s allows %s: %s', (matcher, needle, expected) => {
    expect(wildcardScopeMatches(matcher, needle)).toBe(expected);
  });
});

describe("Hydra's audience matching", () => {
  it.each([
    ['https://a.com/api', 'https://a.com/api', true],
    ['https://a.com/api', 'https://a.com/api/', true],
    ['https://a.com/api', 'https://a.com/api/orders', true],
    ['https://a.com/api/', 'https://a.com/api/orders', true],
    ['https://a.com/api', 'https://a.com/apix', false],
    ['https://a.com/', 'https://a.com', true],
    ['https://a.com/', 'https://a.com/anything', true],
    ['https://a.com/api', 'http://a.com/api', false],
    ['https://a.com/api', 'https://b.com/api', false],
    ['https://a.com:8443/api', 'https://a.com/api', false],
    ['https://a.com/api', 'https://a.com/api?x=1', true],
    ['foo', 'foo', true],
    ['foo', 'foo/bar', true],
    ['foo', 'foobar', false],
  ])('%s allows %s: %s', (allowed, requested, expected) => {
    expect(audienceAllowed([allowed], requested)).toBe(expected);
  });

  it('refuses everything when the client has no audiences', () => {
    expect(audienceAllowed([], 'https://a.com')).toBe(false);
  });
});

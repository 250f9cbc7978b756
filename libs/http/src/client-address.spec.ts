import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { ClientAddressResolver } from './client-address';

function request(peer: string, forwardedFor?: string): Request {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as Request;
}

describe('ClientAddressResolver', () => {
  it('believes no X-Forwarded-For without trusted proxies', () => {
    const resolver = new ClientAddressResolver([]);
    expect(resolver.resolve(request('::ffff:198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
  });

  it.each([
    ['a trusted proxy: the address it saw', '10.0.0.5', '203.0.113.1', '203.0.113.1'],
    ['a forged left part is skipped', '10.0.0.5', '1.2.3.4, 203.0.113.1', '203.0.113.1'],
    ['a chain of trusted proxies', '10.0.0.5', '203.0.113.1, 10.1.1.1, 10.2.2.2', '203.0.113.1'],
    ['an untrusted peer keeps its own address', '198.51.100.7', '203.0.113.1', '198.51.100.7'],
    ['a trusted proxy without the header', '10.0.0.5', undefined, '10.0.0.5'],
    ['garbage ends the chain at the last trusted hop', '10.0.0.5', 'junk, 10.3.3.3', '10.3.3.3'],
    ['IPv6 ranges', 'fd00::1', '2001:db8::9', '2001:db8::9'],
    ['an IPv4 entry with a port', '10.0.0.5', '203.0.113.1:51234', '203.0.113.1'],
    ['a bracketed IPv6 entry with a port', '10.0.0.5', '[2001:db8::9]:443', '2001:db8::9'],
  ])('%s', (_why, peer, forwardedFor, expected) => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8', 'fd00::/8']);
    expect(resolver.resolve(request(peer, forwardedFor))).toBe(expected);
  });

  it.each([
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::0001:0:0:1', 'fe80:0:0:0::/64'],
  ])('keeps the budget of IPv6 %s under its /64 %s', (peer, key) => {
    expect(new ClientAddressResolver([]).bucketKey(request(peer))).toBe(key);
  });

  it.each(['::ffff:198.51.100.7', '0:0:0:0:0:ffff:198.51.100.7', '198.51.100.7'])(
    'keeps the budget of the IPv4 address %s under the address',
    (peer) => {
      expect(new ClientAddressResolver([]).bucketKey(request(peer))).toBe('198.51.100.7');
    },
  );
});

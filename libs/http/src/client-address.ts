import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';

/**
 * The address a request came from, for per-IP limits. Without trusted proxies it is the TCP peer:
 * `X-Forwarded-For` is any caller's to write, so it is never believed (RFC 9700 §4.13). Behind
 * trusted proxies (`rate_limits.trusted_proxies`) it is the right-most `X-Forwarded-For` entry that
 * is not itself a trusted proxy: each proxy appends the address it saw, so entries to the left of
 * the first untrusted one may be forged by the caller.
 */
export class ClientAddressResolver {
  private readonly trusted: BlockList | undefined;

  constructor(trustedProxies: readonly string[]) {
    if (trustedProxies.length === 0) return;
    this.trusted = new BlockList();
    for (const entry of trustedProxies) addRange(this.trusted, entry);
  }

  resolve(request: Request): string {
    const peer = normalise(request.socket.remoteAddress ?? '') || 'unknown';
    if (!this.trusted || !this.isTrusted(peer)) return peer;
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    let address = peer;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = normalise(withoutPort(hops[index].trim()));
      // A malformed entry ends the chain: nothing left of it can be vouched for.
      if (!isIP(hop)) return address;
      address = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return address;
  }

  /**
   * The key a per-IP budget is kept under: the address, or for IPv6 its /64 — one host usually
   * holds a whole /64, and could otherwise take a fresh budget with every address of it.
   */
  bucketKey(request: Request): string {
    const address = this.resolve(request);
    return isIP(address) === 6 ? ipv6Prefix64(address) : address;
  }

  /** Whether the TCP peer itself is one of the trusted proxies. */
  peerIsTrusted(request: Request): boolean {
    return (
      this.trusted !== undefined && this.isTrusted(normalise(request.socket.remoteAddress ?? ''))
    );
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return isIP(address) !== 0 && this.trusted!.check(address, family);
  }
}

/** `10.0.0.0/8`, `fd00::/8` or a single address. The configuration checked the syntax. */
function addRange(list: BlockList, entry: string): void {
  const [address, prefix] = entry.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefix), family);
}

/** Proxies may write `a.b.c.d:port` or `[v6]:port` (RFC 7239 style) into X-Forwarded-For. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1] : entry;
}

/** The first four groups of an IPv6 address, written out: `2001:db8:0:1::/64`. */
function ipv6Prefix64(address: string): string {
  const [head, tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') && tail !== '' ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d` (or written out in full). */
function normalise(address: string): string {
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

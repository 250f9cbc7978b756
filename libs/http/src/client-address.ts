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
      const hop = normalise(hops[index].trim());
      // A malformed entry ends the chain: nothing left of it can be vouched for.
      if (!isIP(hop)) return address;
      address = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return address;
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

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

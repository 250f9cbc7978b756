import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Where a server must not be sent by a URL someone else chose (RFC 6890 special-purpose ranges).
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are matched by the IPv4 rules.
 */
const PRIVATE_RANGES = (() => {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return PRIVATE_RANGES.check(address, family);
}

export interface OutboundFetchOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Refuse addresses in private, loopback and link-local ranges (checked on the resolved address). */
  readonly denyPrivateAddresses: boolean;
}

/**
 * GET of a URL a client registered, bounded in time and size. With `denyPrivateAddresses`, the
 * address is checked when the connection is made — after DNS resolution, so a name that resolves
 * to an internal address is refused too (no DNS rebinding window).
 */
export function fetchText(
  url: string,
  options: OutboundFetchOptions,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (options.denyPrivateAddresses && isIP(literal) && isPrivateAddress(literal))
    return Promise.reject(new Error(`${target.hostname} is a private address`));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method: 'GET',
        lookup: guardedLookup(options.denyPrivateAddresses),
        timeout: options.timeoutMs,
      },
      (response) => {
        let size = 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) response.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** DNS resolution that refuses private addresses, checked on the address actually connected to. */
function guardedLookup(denyPrivateAddresses: boolean): RequestOptions['lookup'] {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: false }, (error, address, family) => {
      if (!error && denyPrivateAddresses && isPrivateAddress(address as string)) {
        callback(new Error(`${hostname} resolves to a private address`), '', 0);
        return;
      }
      (callback as (e: Error | null, a: string | LookupAddress[], f?: number) => void)(
        error,
        address,
        family,
      );
    });
  };
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
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
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96], // NAT64: may embed any IPv4 address
    ['2002::', 16], // 6to4: likewise
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

export interface OutboundRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface OutboundResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * One request to a URL someone else chose (a client's `jwks_uri`, `request_uri`, sector identifier
 * or back-channel logout URI), bounded in time and size; redirects are not followed. With
 * `denyPrivateAddresses` the address is checked when the connection is made — after DNS
 * resolution, so a name that resolves to an internal address is refused too (no DNS rebinding
 * window).
 */
export function outboundRequest(
  url: string,
  init: OutboundRequest,
  options: OutboundFetchOptions,
): Promise<OutboundResponse> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    return Promise.reject(new Error(`${target.protocol} URLs are not fetched`));
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (options.denyPrivateAddresses && isIP(literal) && isPrivateAddress(literal))
    return Promise.reject(new Error(`${target.hostname} is a private address`));
  return exchange(target, init, options);
}

/**
 * The request and its answer, within `timeoutMs` from start to end. The deadline covers the whole
 * exchange, not the socket's idle time: a server that sends a byte now and then would otherwise
 * hold the request (and the client's request waiting on it) forever.
 */
function exchange(
  target: URL,
  init: OutboundRequest,
  options: OutboundFetchOptions,
): Promise<OutboundResponse> {
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answer: IncomingMessage | undefined;
    const deadline = setTimeout(() => {
      const error = new Error('timed out');
      answer?.destroy(error);
      outgoing.destroy(error);
    }, options.timeoutMs);
    const settle = () => clearTimeout(deadline);
    const outgoing = request(
      target,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        lookup: guardedLookup(options.denyPrivateAddresses),
        // A fresh connection each time: a pooled one would skip the address check.
        agent: false,
      },
      (response) => {
        answer = response;
        collect(response, options.maxBytes).then(resolve, reject).finally(settle);
      },
    );
    outgoing.on('error', (error) => {
      settle();
      reject(error);
    });
    outgoing.end(init.body);
  });
}

/** The answer, read up to `maxBytes`. */
function collect(response: IncomingMessage, maxBytes: number): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new Error('response too large'));
      else chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('end', () =>
      resolve({
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * DNS resolution that drops private addresses (and fails when none is left), checked on the
 * addresses actually connected to. Honours `all`, which Node.js 20 asks for when it tries several
 * addresses of a name.
 */
function guardedLookup(denyPrivateAddresses: boolean): RequestOptions['lookup'] {
  return (hostname, lookupOptions, callback) => {
    const answer = callback as LookupCallback;
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return answer(error, lookupOptions.all ? [] : '', 0);
      const allowed = denyPrivateAddresses
        ? addresses.filter((entry) => !isPrivateAddress(entry.address))
        : addresses;
      if (!allowed.length)
        return answer(new Error(`${hostname} resolves to a private address`), '', 0);
      if (lookupOptions.all) return answer(null, allowed);
      answer(null, allowed[0].address, allowed[0].family);
    });
  };
}

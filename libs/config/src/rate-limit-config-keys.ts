import type { ConfigKey } from './config-key';
import { boolValue, cidrValue, intValue, listValue } from './config-values';

/**
 * Abuse limits of the token, revocation and introspection endpoints (Tessera's; Hydra has none).
 * All off by default (0). Limits are kept per process: with N replicas behind a balancer a
 * caller gets up to N times the configured rate — except the failed-authentication brake with
 * `shared`, which also counts failures in the database for every replica to see.
 */
export const RATE_LIMIT_KEYS: readonly ConfigKey[] = [
  {
    path: 'rate_limits.per_ip.requests_per_second',
    parse: intValue(0, 1_000_000),
    default: 0,
    description:
      'Requests per second one client IP may send to the token, revocation, introspection, authorization and UserInfo endpoints; 0: no limit.',
  },
  {
    path: 'rate_limits.per_ip.burst',
    parse: intValue(1, 1_000_000),
    default: 50,
    description: 'Requests one client IP may send at once above its per-second rate.',
  },
  {
    path: 'rate_limits.per_client.requests_per_second',
    parse: intValue(0, 1_000_000),
    default: 0,
    description:
      'Authenticated requests per second one OAuth 2.0 client may send to those endpoints; 0: no limit.',
  },
  {
    path: 'rate_limits.per_client.burst',
    parse: intValue(1, 1_000_000),
    default: 50,
    description: 'Requests one client may send at once above its per-second rate.',
  },
  {
    path: 'rate_limits.failed_authentication.per_minute',
    parse: intValue(0, 1_000_000),
    default: 0,
    description:
      'Failed client authentications per minute after which a client IP must wait; 0: no limit.',
  },
  {
    path: 'rate_limits.failed_authentication.shared',
    parse: boolValue,
    default: false,
    description:
      'Count failed client authentications in the database too, so the per-minute budget holds across all replicas together (RFC 6819 §5.1.4.2.3); costs a cached read per IP and second and a write per failure.',
  },
  {
    path: 'rate_limits.trusted_proxies',
    parse: listValue(cidrValue),
    default: [],
    description:
      'Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For the per-IP limits believe; empty: the connection address counts.',
  },
];

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TesseraSettings } from '@tessera/config';
import { type AuthenticationFailureLedger, TooManyRequestsError } from '@tessera/kernel';
import { ClientAddressResolver } from './client-address';
import { sendOAuthError } from './error-response';
import { SharedFailureBrake } from './shared-failure.brake';
import { TokenBuckets } from './token-buckets';

/** The endpoints that authenticate clients and are worth hammering (RFC 9700 §4.x, RFC 6819 §5.1.4.2.3). */
export const RATE_LIMITED_PATHS = new Set([
  '/oauth2/token',
  '/oauth2/revoke',
  '/admin/oauth2/introspect',
]);

/**
 * Endpoints without client authentication that still cost work per request — the authorization
 * endpoint seals a challenge, UserInfo checks a token — and are open to anyone: the per-IP limit
 * only, whatever the method, each with a budget of its own (a relying party's back end calling
 * UserInfo for its users does not spend what its token requests need).
 */
export const PER_IP_LIMITED_PATHS = new Set(['/oauth2/auth', '/userinfo']);

/**
 * The path as the router matches it: routes ignore case (as in Hydra), `normalisePaths` has taken
 * one trailing slash off and the router (not strict) forgives one more, so `/OAuth2/Token//`
 * must count as `/oauth2/token`.
 */
function routedPath(request: Request): string {
  const path = request.path.toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

type Limits = TesseraSettings['rate_limits'];

/** Where failures are counted across replicas (`rate_limits.failed_authentication.shared`). */
export interface SharedFailureCounting {
  readonly ledger: AuthenticationFailureLedger;
  /** Told when the ledger stops answering (once per outage). */
  readonly report?: (error: unknown) => void;
}

/**
 * The buckets of one process: shared by both apps of `serve all`, so a caller's budget does not
 * double with the number of listeners. The first app to ask decides the shared ledger.
 */
class AbuseLimits {
  private static readonly perSettings = new WeakMap<Limits, AbuseLimits>();
  readonly perIp: TokenBuckets | undefined;
  readonly perClient: TokenBuckets | undefined;
  readonly failures: TokenBuckets | undefined;
  readonly sharedFailures: SharedFailureBrake | undefined;
  readonly addresses: ClientAddressResolver;

  private constructor(limits: Limits, shared?: SharedFailureCounting) {
    const { per_ip: ip, per_client: client, failed_authentication: failed } = limits;
    this.addresses = new ClientAddressResolver(limits.trusted_proxies);
    if (ip.requests_per_second > 0) this.perIp = new TokenBuckets(ip.requests_per_second, ip.burst);
    if (client.requests_per_second > 0)
      this.perClient = new TokenBuckets(client.requests_per_second, client.burst);
    if (failed.per_minute > 0)
      this.failures = new TokenBuckets(failed.per_minute / 60, failed.per_minute);
    if (failed.per_minute > 0 && failed.shared && shared) {
      this.sharedFailures = new SharedFailureBrake(shared.ledger, failed.per_minute, {
        report: shared.report,
      });
    }
  }

  static of(limits: Limits, shared?: SharedFailureCounting): AbuseLimits {
    let instance = AbuseLimits.perSettings.get(limits);
    if (!instance)
      AbuseLimits.perSettings.set(limits, (instance = new AbuseLimits(limits, shared)));
    return instance;
  }

  get enabled(): boolean {
    return Boolean(this.perIp ?? this.perClient ?? this.failures);
  }
}

/**
 * Per-IP and per-client rate limits and a brake on failed client authentication for the token,
 * revocation and introspection endpoints, and the per-IP limit for the authorization endpoint and
 * UserInfo: `429` with `Retry-After` (RFC 6585 §4). A client's
 * budget is spent only by requests that authenticated (a stranger naming it cannot drain it);
 * failed authentications are counted per IP, in this process and, with `shared`, in the database
 * for every replica (RFC 6819 §5.1.4.2.3). Runs after the body parsers (the form names the
 * client) and before the routes.
 */
export function abuseLimits(
  limits: Limits,
  shared?: SharedFailureCounting,
): RequestHandler | undefined {
  const buckets = AbuseLimits.of(limits, shared);
  if (!buckets.enabled) return undefined;
  return (request: Request, response: Response, next: NextFunction) => {
    const path = routedPath(request);
    if (PER_IP_LIMITED_PATHS.has(path)) {
      const wait = buckets.perIp?.take(`${path} ${buckets.addresses.bucketKey(request)}`) ?? 0;
      return wait > 0 ? sendOAuthError(response, new TooManyRequestsError(wait)) : next();
    }
    if (request.method !== 'POST' || !RATE_LIMITED_PATHS.has(path)) return next();
    limitAuthentication(buckets, request, response, next);
  };
}

/** The limits of an endpoint that authenticates clients; failures are counted once it answered. */
function limitAuthentication(
  buckets: AbuseLimits,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const ip = buckets.addresses.bucketKey(request);
  const client = claimedClient(request);
  const wait = Math.max(
    buckets.failures?.peek(ip) ?? 0,
    buckets.perIp?.take(ip) ?? 0,
    client ? (buckets.perClient?.peek(client) ?? 0) : 0,
  );
  if (wait > 0) return sendOAuthError(response, new TooManyRequestsError(wait));
  const proceed = (sharedWait: number) => {
    if (sharedWait > 0) return sendOAuthError(response, new TooManyRequestsError(sharedWait));
    response.on('finish', () => {
      if (response.statusCode === 401) {
        buckets.failures?.take(ip);
        buckets.sharedFailures?.record(ip);
      } else if (client) buckets.perClient?.take(client);
    });
    next();
  };
  const sharedWait = buckets.sharedFailures?.wait(ip) ?? 0;
  if (typeof sharedWait === 'number') return proceed(sharedWait);
  // The brake's promise never rejects: a ledger that fails lets the request through.
  sharedWait.then(proceed).catch(() => proceed(0));
}

/** The client a request names: HTTP Basic (RFC 6749 §2.3.1) or the form's `client_id`. */
function claimedClient(request: Request): string | undefined {
  const header = request.headers.authorization ?? '';
  if (header.slice(0, 6).toLowerCase() === 'basic ') {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const id = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
    try {
      return decodeURIComponent(id.replace(/\+/g, ' ')) || undefined;
    } catch {
      return id || undefined;
    }
  }
  const fromForm = (request.body as Record<string, unknown> | undefined)?.client_id;
  return typeof fromForm === 'string' && fromForm ? fromForm : undefined;
}

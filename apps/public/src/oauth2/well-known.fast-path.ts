import type { FastPath, PreparedResponse } from '@tessera/http';
import type { DiscoveryDocument, PublicKeySet } from '@tessera/oauth2';

/**
 * Relying parties fetch these on every start and whenever a `kid` is unknown, so they may be
 * cached briefly: a new key is picked up within minutes (and at once by clients that refetch on an
 * unknown `kid`), a configuration change within the hour.
 */
export const KEYS_CACHE_CONTROL = 'public, max-age=300';
export const DISCOVERY_CACHE_CONTROL = 'public, max-age=3600';

const JSON_TYPE = 'application/json; charset=utf-8';
const DISCOVERY_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]);

/** Serves the prepared discovery document and key set before the framework (see `installFastPath`). */
export function wellKnownFastPath(
  discovery: DiscoveryDocument,
  publicKeys: PublicKeySet,
): FastPath {
  const respond = (json: Buffer | undefined, cacheControl: string): PreparedResponse | undefined =>
    json
      ? { body: json, headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': cacheControl } }
      : undefined;
  return (path) => {
    if (DISCOVERY_PATHS.has(path))
      return respond(discovery.preparedJson(), DISCOVERY_CACHE_CONTROL);
    if (path === '/.well-known/jwks.json')
      return respond(publicKeys.preparedJson(), KEYS_CACHE_CONTROL);
    return undefined;
  };
}

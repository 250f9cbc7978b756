import { Injectable } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from 'jose';
import { type JsonWebKeySet, type OAuth2Client, outboundRequest } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { setBounded } from '@tessera/kernel';

/** How long a client's `jwks_uri` may take to answer. */
const FETCH_TIMEOUT_MS = 5_000;
/** Remote key sets kept, the oldest dropped first (each caches its keys, refreshed on an unknown `kid`). */
const MAX_REMOTE_SETS = 1_000;
/** A key set larger than this is not one. */
const MAX_JWKS_BYTES = 256 * 1024;

/**
 * The public keys a client registered, by value (`jwks`) or by reference (`jwks_uri`), as jose
 * key resolvers: for `private_key_jwt` assertions (RFC 7523) and request objects (OIDC Core §6).
 */
@Injectable()
export class ClientKeySets {
  private readonly remote = new Map<string, RemoteJWKSet>();

  constructor(private readonly config: TesseraConfig) {}

  /**
   * jose's fetch of a `jwks_uri`, through the outbound guard: a client must not make the server
   * call its internal network (`clients.http.disallow_private_ip_ranges`).
   */
  private readonly guardedFetch = async (url: string): Promise<Response> => {
    const answer = await outboundRequest(
      url,
      { headers: { accept: 'application/json' } },
      {
        timeoutMs: FETCH_TIMEOUT_MS,
        maxBytes: MAX_JWKS_BYTES,
        denyPrivateAddresses: this.config.clients.http.disallow_private_ip_ranges,
      },
    );
    return new Response(answer.body, {
      status: answer.status,
      headers: { 'content-type': answer.contentType },
    });
  };

  /** The client's keys, `undefined` when it registered none. */
  of(client: Pick<OAuth2Client, 'jwks' | 'jwks_uri'>): JWTVerifyGetKey | undefined {
    if (client.jwks)
      return createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
    return client.jwks_uri ? this.remoteSet(client.jwks_uri) : undefined;
  }

  /**
   * The client's key set as JSON, for what a key resolver cannot answer (the `x5c` of
   * `self_signed_tls_client_auth`, RFC 8705 §2.2). With `refresh`, a `jwks_uri` is fetched again
   * unless it was moments ago — as jose does for an unknown `kid`.
   */
  async keySet(
    client: Pick<OAuth2Client, 'jwks' | 'jwks_uri'>,
    refresh = false,
  ): Promise<JsonWebKeySet | undefined> {
    if (client.jwks) return client.jwks;
    if (!client.jwks_uri) return undefined;
    const remote = this.remoteSet(client.jwks_uri);
    if (remote.jwks() === undefined || !remote.fresh || (refresh && !remote.coolingDown))
      await remote.reload();
    return remote.jwks() as JsonWebKeySet | undefined;
  }

  private remoteSet(uri: string): RemoteJWKSet {
    let keys = this.remote.get(uri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        [customFetch]: this.guardedFetch,
      });
      setBounded(this.remote, uri, keys, MAX_REMOTE_SETS);
    }
    return keys;
  }
}

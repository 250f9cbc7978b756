import { Injectable } from '@nestjs/common';
import { decodeProtectedHeader, UnsecuredJWT, type JWTPayload } from 'jose';
import { type OAuth2Client, outboundRequest } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { SIGNING_ALGORITHMS } from '@tessera/jwks';
import {
  InvalidRequestError,
  InvalidRequestObjectError,
  InvalidRequestUriError,
} from '@tessera/kernel';
import { ClientKeySets } from '../client-auth/client-key-sets';
import { jwtVerifyWithKeySet } from '../client-auth/key-set-verification';
import { splitSpaceList } from '../oauth-form';

const FETCH_TIMEOUT_MS = 5_000;
const MAX_REQUEST_OBJECT_BYTES = 64 * 1024;

const invalidObject = (hint: string) => new InvalidRequestObjectError().withHint(hint);

/**
 * OpenID Connect request objects (OIDC Core §6): `request` carries a JWT, `request_uri` names a
 * registered URL serving one. Signed with the client's keys (or unsigned, `alg: none`, unless the
 * client registered another `request_object_signing_alg`), its claims replace the query
 * parameters of the same name; `scope` is the union of both. Only for OpenID Connect requests.
 */
@Injectable()
export class RequestObjectResolver {
  constructor(
    private readonly keySets: ClientKeySets,
    private readonly config: TesseraConfig,
  ) {}

  async resolve(client: OAuth2Client, params: Map<string, string>): Promise<Map<string, string>> {
    const request = params.get('request');
    const requestUri = params.get('request_uri');
    if (!splitSpaceList(params.get('scope')).includes('openid')) return params;
    if (request === undefined && requestUri === undefined) return params;
    if (request !== undefined && requestUri !== undefined) {
      throw new InvalidRequestError().withHint(
        "OpenID Connect parameters 'request' and 'request_uri' were both given, but you can use at most one.",
      );
    }
    if (!client.jwks && !client.jwks_uri) {
      throw new InvalidRequestError().withHint(
        "OpenID Connect 'request' or 'request_uri' context was given, but the OAuth 2.0 Client does not have any JSON Web Keys registered.",
      );
    }
    const jwt = request ?? (await this.fetch(client, requestUri as string));
    const claims = await this.verify(client, jwt);
    this.checkIssuerAndAudience(client, claims);
    return merge(params, claims);
  }

  /**
   * RFC 9101 §4 and OIDC Core §6.1: `iss` names the client and `aud` this server. Both are
   * optional, but when present a mismatch means the object was made for another party or server,
   * and replaying it here is refused. `exp` and `nbf` are checked while decoding.
   */
  private checkIssuerAndAudience(client: OAuth2Client, claims: JWTPayload): void {
    if (claims.iss !== undefined && claims.iss !== client.client_id) {
      throw invalidObject("The request object's 'iss' must be the client's 'client_id'.");
    }
    if (claims.aud === undefined) return;
    const issuer = this.config.urls.self.issuer;
    const bare = issuer.replace(/\/+$/, '');
    const us = new Set([issuer, bare, `${bare}/`, this.config.publicUrl('/oauth2/auth')]);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((audience) => us.has(audience))) {
      throw invalidObject("The request object's 'aud' must name this server's issuer.");
    }
  }

  private async fetch(client: OAuth2Client, uri: string): Promise<string> {
    if (!client.request_uris.includes(uri)) {
      throw new InvalidRequestUriError().withHint(
        `Request URI '${uri}' is not whitelisted by the OAuth 2.0 Client.`,
      );
    }
    const unreachable = (why: string) =>
      new InvalidRequestUriError().withHint(
        `Unable to fetch OpenID Connect request parameters from 'request_uri' because ${why}.`,
      );
    let response: { status: number; body: string };
    try {
      response = await outboundRequest(
        uri,
        {},
        {
          timeoutMs: FETCH_TIMEOUT_MS,
          maxBytes: MAX_REQUEST_OBJECT_BYTES,
          denyPrivateAddresses: this.config.clients.http.disallow_private_ip_ranges,
        },
      );
    } catch {
      // The reason stays in the server: echoing it would tell a caller what is listening where.
      throw unreachable('it could not be reached or its answer was too large');
    }
    if (response.status !== 200)
      throw unreachable(`status code '200' was expected, but got '${response.status}'`);
    return response.body.trim();
  }

  private async verify(client: OAuth2Client, jwt: string): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(jwt).alg;
    } catch {
      throw invalidObject("Unable to verify the request object's signature.");
    }
    const registered = client.request_object_signing_alg;
    if (registered && alg !== registered) {
      throw invalidObject(
        `The request object uses signing algorithm '${alg ?? ''}', but the requested OAuth 2.0 Client enforces signing algorithm '${registered}'.`,
      );
    }
    if (alg === 'none') return this.unsigned(jwt);
    if (!alg || !(SIGNING_ALGORITHMS as readonly string[]).includes(alg))
      throw invalidObject(`This request object uses unsupported signing algorithm '${alg ?? ''}'.`);
    try {
      const keys = this.keySets.of(client);
      if (!keys) throw new Error('no keys');
      return (await jwtVerifyWithKeySet(jwt, keys, { algorithms: [alg] })).payload;
    } catch {
      throw invalidObject("Unable to verify the request object's signature.");
    }
  }

  private unsigned(jwt: string): JWTPayload {
    try {
      return UnsecuredJWT.decode(jwt).payload;
    } catch {
      throw invalidObject('Unable to decode the unsigned request object.');
    }
  }
}

/** The claims over the parameters (OIDC Core §6.3.3); `scope` joins both. */
function merge(params: Map<string, string>, claims: JWTPayload): Map<string, string> {
  if (claims.request !== undefined || claims.request_uri !== undefined) {
    throw invalidObject("A request object must not contain 'request' or 'request_uri'.");
  }
  if (claims.client_id !== undefined && claims.client_id !== params.get('client_id')) {
    throw invalidObject("The request object's 'client_id' does not match the request's.");
  }
  const merged = new Map(params);
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string') merged.set(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean')
      merged.set(name, String(value));
  }
  const scope = [
    ...new Set([...splitSpaceList(merged.get('scope')), ...splitSpaceList(params.get('scope'))]),
  ];
  merged.set('scope', scope.join(' '));
  merged.delete('request');
  merged.delete('request_uri');
  return merged;
}

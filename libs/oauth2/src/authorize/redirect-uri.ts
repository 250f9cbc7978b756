import { isIP } from 'node:net';
import type { OAuth2Client } from '@tessera/clients';
import { InvalidRequestError } from '@tessera/kernel';

const invalidRequest = (hint: string) => new InvalidRequestError().withHint(hint);

/**
 * The redirect URI of an authorization request (RFC 6749 §3.1.2): the one given, if it equals a
 * registered URI exactly — query included (RFC 9700 §4.1.3) — or is a loopback URI that differs
 * from a registered one only in its port (RFC 8252 §7.3). Without one, the client's only
 * registered URI; OpenID Connect requests must always name it (OIDC Core §3.1.2.1).
 */
export function resolveRedirectUri(
  client: Pick<OAuth2Client, 'redirect_uris'>,
  given: string | undefined,
  openid: boolean,
): string {
  if (given === undefined) {
    if (openid)
      throw invalidRequest(
        "The 'redirect_uri' parameter is required when using OpenID Connect 1.0.",
      );
    if (client.redirect_uris.length === 1 && isValidRedirectUri(client.redirect_uris[0]))
      return client.redirect_uris[0];
    throw invalidRequest(
      "The 'redirect_uri' parameter is required because the OAuth 2.0 Client registered more than one redirect URI or none.",
    );
  }
  if (!isValidRedirectUri(given)) {
    throw invalidRequest(
      `The redirect URI '${given}' contains an illegal character (for example #) or is otherwise invalid.`,
    );
  }
  if (
    client.redirect_uris.some(
      (registered) => registered === given || sameLoopback(registered, given),
    )
  )
    return given;
  throw invalidRequest(
    "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.",
  );
}

/** Absolute, without a fragment (RFC 6749 §3.1.2). */
export function isValidRedirectUri(uri: string): boolean {
  if (uri.includes('#')) return false;
  try {
    return new URL(uri).protocol !== '';
  } catch {
    return false;
  }
}

/**
 * RFC 6749 §3.1.2.1 / §10.5: responses carrying credentials go over TLS, except to the user's own
 * machine (`localhost`, `*.localhost`, loopback addresses); custom schemes of native apps pass.
 */
export function isSecureRedirectUri(uri: string): boolean {
  const url = new URL(uri);
  if (url.protocol !== 'http:') return true;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

/** `http://<loopback IP literal>[:port]<path and query>`, split around the port. */
const LOOPBACK_URI = /^http:\/\/(127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?=[/?]|$)(.*)$/s;

/**
 * RFC 8252 §7.3: only the port may differ, and the rest must match character for character
 * (RFC 9700 §4.1.3) — not after a URL parser repaired it: no userinfo, no other spelling of the
 * host (`127.1`, `0x7f.0.0.1`), scheme or path (`/x/../cb`, `\cb`), no tab, newline or NUL.
 */
function sameLoopback(registered: string, given: string): boolean {
  const a = LOOPBACK_URI.exec(registered);
  const b = LOOPBACK_URI.exec(given);
  return a !== null && b !== null && a[1] === b[1] && a[2] === b[2] && isLoopbackAddress(b[1]);
}

function isLoopbackAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}

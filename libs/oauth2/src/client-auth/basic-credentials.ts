/** Client id and secret from an HTTP Basic `Authorization` header (RFC 6749 §2.3.1). */
export interface BasicCredentials {
  readonly clientId: string;
  readonly secret: string;
}

/**
 * Reads `Authorization: Basic …`: `undefined` when the header is absent or another scheme,
 * `'malformed'` when it is Basic but not valid base64 of `id:secret` with form-url-encoded parts.
 */
export function parseBasicCredentials(
  header: string | undefined,
): BasicCredentials | 'malformed' | undefined {
  if (!header || !isBasicScheme(header)) return undefined;
  const encoded = header.slice('basic'.length).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || secret === undefined || clientId === '') return 'malformed';
  return { clientId, secret };
}

/** `application/x-www-form-urlencoded` decoding of one value: `+` is a space, `%XX` a byte. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Whether an `Authorization` header uses the Basic scheme (RFC 7617 §2: case-insensitive). */
export function isBasicScheme(header: string | undefined): boolean {
  return header !== undefined && /^basic(\s|$)/i.test(header);
}

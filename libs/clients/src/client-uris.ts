/** URI rules for client metadata (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1). */

/** Schemes that execute or embed content in a browser: never a redirect target. */
const DANGEROUS_SCHEMES = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
  'filesystem:',
]);

/**
 * Control characters (C0 and DEL): no URI may hold one (RFC 3986 §2; Go's url.Parse refuses them
 * too), nor a client id, where they would corrupt URLs, headers and logs.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function parseAbsoluteUri(text: string): URL | undefined {
  if (text.trim() !== text || text === '' || CONTROL_CHARACTER.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** RFC 8252 §7.3: loopback redirects are always plain http; §8.3: prefer IP literals. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function isWebScheme(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/**
 * Why `text` is not an acceptable redirect URI, or `undefined` if it is: absolute, no fragment,
 * no user info, no script-capable scheme; https unless loopback or development mode. Private-use
 * schemes of native apps (RFC 8252 §7.1, `com.example.app:/cb`) are allowed.
 */
export function redirectUriProblem(text: string, dev: boolean): string | undefined {
  if (text.includes('#')) return 'Redirect URIs must not contain fragments (#).';
  const url = parseAbsoluteUri(text);
  if (!url) return `Unable to parse redirect URL ${text}: it must be an absolute URI.`;
  if (DANGEROUS_SCHEMES.has(url.protocol)) return `Redirect URI ${text} uses a forbidden scheme.`;
  if (url.username !== '' || url.password !== '')
    return `Redirect URI ${text} must not contain user information.`;
  // The WHATWG parser repairs `https:///cb` into `https://cb/`; the registered text must be exact.
  if (isWebScheme(url) && !/^https?:\/\/[^/?#]/i.test(text))
    return `Redirect URI ${text} must have a host.`;
  if (url.protocol === 'http:' && !dev && !isLoopbackHost(url.hostname)) {
    return `Redirect URI ${text} must use https unless it points to a loopback address (or the server runs with --dev).`;
  }
  return undefined;
}

/** Why `text` is not an absolute http(s) URL, or `undefined`. */
export function webUrlProblem(field: string, text: string): string | undefined {
  const url = parseAbsoluteUri(text);
  if (!url) return `Field ${field} must be a valid absolute URI.`;
  if (!isWebScheme(url))
    return `${text} must use https:// or http:// as HTTP scheme for field ${field}.`;
  if (url.username !== '' || url.password !== '')
    return `Field ${field} must not contain user information.`;
  return undefined;
}

/**
 * A CORS origin (RFC 6454): scheme, host and port only. Returns the normalised origin, or a
 * problem sentence.
 */
export function normaliseOrigin(text: string): { origin: string } | { problem: string } {
  const url = parseAbsoluteUri(text);
  if (!url || !isWebScheme(url) || url.hostname === '') {
    return {
      problem: `Origin ${text} must be an http or https origin such as https://app.example.`,
    };
  }
  if (url.username !== '' || url.password !== '')
    return { problem: `Origin ${text} must not contain user information.` };
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    text.endsWith('?') ||
    text.endsWith('#')
  ) {
    return { problem: `Origin ${text} must have an empty path, query, and fragment.` };
  }
  return { origin: url.origin };
}

/** Scheme, host and port, the parts a post-logout redirect URI must share with a redirect URI. */
export function originOf(text: string): string | undefined {
  const url = parseAbsoluteUri(text);
  if (!url) return undefined;
  return `${url.protocol}//${url.host}`;
}

/**
 * Hydra's audience matching (fosite DefaultAudienceMatchingStrategy): a requested audience is
 * allowed when some registered audience has the same scheme and host and its path is the
 * requested path or a segment-boundary prefix of it (`https://a.example/api` allows
 * `https://a.example/api/orders`, not `https://a.example/apix`). Query, fragment and user info
 * do not matter. Strings that are not URLs compare as bare paths.
 */
export function audienceAllowed(allowed: readonly string[], requested: string): boolean {
  const needle = parts(requested);
  return allowed.some((entry) => {
    const haystack = parts(entry);
    return (
      needle.scheme === haystack.scheme &&
      needle.host === haystack.host &&
      pathCovers(haystack.path, needle.path)
    );
  });
}

/** The first requested audience that is not allowed, if any. */
export function firstRefusedAudience(
  allowed: readonly string[],
  requested: readonly string[],
): string | undefined {
  return requested.find((audience) => !audienceAllowed(allowed, audience));
}

function pathCovers(allowedPath: string, requestedPath: string): boolean {
  const trimmed = allowedPath.replace(/\/+$/, '');
  if (requestedPath === allowedPath || requestedPath === trimmed) return true;
  return requestedPath.length > trimmed.length && requestedPath.startsWith(`${trimmed}/`);
}

function parts(value: string): { scheme: string; host: string; path: string } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value);
  if (!match) return { scheme: '', host: '', path: value.split(/[?#]/)[0] };
  const host = match[2].includes('@') ? match[2].slice(match[2].lastIndexOf('@') + 1) : match[2];
  return { scheme: match[1].toLowerCase(), host, path: safeDecode(match[3]) };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

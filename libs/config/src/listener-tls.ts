/** Where a PEM comes from: a file, or the value itself in base64 (Hydra's `path` / `base64`). */
export interface PemSource {
  readonly path?: string;
  readonly base64?: string;
}

/** TLS settings of one scope: `serve.tls` or a listener's own `serve.<listener>.tls`. */
export interface TlsSettings {
  readonly enabled?: boolean;
  readonly cert: PemSource;
  readonly key: PemSource;
}

/** What a listener serves HTTPS with. */
export interface ListenerTls {
  readonly cert: PemSource;
  readonly key: PemSource;
}

/**
 * The TLS a listener serves with, or undefined for plain HTTP: the listener's own settings win
 * over `serve.tls`, field by field (as in Hydra, where `serve.public.tls` overrides the shared
 * block). TLS switched on without both a certificate and a key is a configuration problem
 * (`tlsIncomplete`), reported when the configuration loads.
 */
export function listenerTls(shared: TlsSettings, own: TlsSettings): ListenerTls | undefined {
  const enabled = own.enabled ?? shared.enabled ?? false;
  if (!enabled) return undefined;
  const cert = pick(own.cert, shared.cert);
  const key = pick(own.key, shared.key);
  if (!cert || !key) return undefined;
  return { cert, key };
}

/** Whether TLS is on for a listener but a certificate or key is missing. */
export function tlsIncomplete(shared: TlsSettings, own: TlsSettings): boolean {
  const enabled = own.enabled ?? shared.enabled ?? false;
  return enabled && listenerTls(shared, own) === undefined;
}

function pick(own: PemSource, shared: PemSource): PemSource | undefined {
  if (own.path || own.base64) return own;
  if (shared.path || shared.base64) return shared;
  return undefined;
}

import type { WebhookSettings } from './config-values';
import type { PemSource, TlsSettings } from './listener-tls';

export type LogLevel =
  'trace' | 'debug' | 'info' | 'warn' | 'warning' | 'error' | 'fatal' | 'panic';
export type LogFormat = 'text' | 'json' | 'json_pretty';
export type HashAlgorithm = 'pbkdf2' | 'bcrypt';
export type SubjectType = 'public' | 'pairwise';
export type ScopeStrategyName = 'wildcard' | 'exact';

/** A listener: `host` empty means every interface; `unix:/path` means a Unix socket. */
export interface ListenerSettings {
  readonly host: string;
  readonly port: number;
}

/**
 * Tessera's settings, with Hydra's key names (hydra-compat §5.2). Durations are milliseconds.
 * Every URL default is already derived, so consumers never recompute them.
 */
export interface TesseraSettings {
  readonly dev: boolean;
  readonly dsn: string;
  readonly secrets: {
    readonly system: readonly string[];
    readonly cookie: readonly string[];
    readonly pagination: readonly string[];
  };
  readonly urls: {
    readonly self: { readonly issuer: string; readonly public: string; readonly admin: string };
    readonly login: string;
    readonly registration: string;
    readonly consent: string;
    readonly logout: string;
    readonly error: string;
    readonly post_logout_redirect: string;
  };
  readonly serve: {
    readonly public: ListenerSettings & { readonly tls: TlsSettings };
    readonly admin: ListenerSettings & { readonly tls: TlsSettings };
    /** HTTPS of both listeners; each listener's own `tls` overrides it. */
    readonly tls: TlsSettings;
    /** Metrics of `serve public` on their own listener (port 0: none). */
    readonly metrics: ListenerSettings;
    readonly cookies: {
      readonly same_site_mode: 'Strict' | 'Lax' | 'None';
      readonly secure: boolean;
      readonly domain: string;
      readonly paths: { readonly session: string };
      readonly names: {
        readonly session: string;
        readonly login_csrf: string;
        readonly consent_csrf: string;
        readonly device_csrf: string;
      };
    };
  };
  readonly ttl: {
    readonly access_token: number;
    /** -1: refresh tokens never expire. */
    readonly refresh_token: number;
    readonly id_token: number;
    readonly auth_code: number;
    readonly login_consent_request: number;
    readonly authentication_session: number;
    readonly device_user_code: number;
  };
  readonly log: {
    readonly level: LogLevel;
    readonly format: LogFormat;
    readonly leak_sensitive_values: boolean;
  };
  readonly strategies: {
    readonly scope: ScopeStrategyName;
    readonly access_token: 'opaque' | 'jwt';
    readonly jwt: {
      readonly scope_claim: 'list' | 'string' | 'both';
      readonly typ: 'at+jwt' | 'JWT';
    };
  };
  readonly webfinger: {
    readonly jwks: { readonly broadcast_keys: readonly string[] };
    readonly oidc_discovery: {
      readonly auth_url?: string;
      readonly token_url?: string;
      readonly jwks_url?: string;
      readonly userinfo_url?: string;
      readonly device_authorization_url?: string;
      readonly client_registration_url?: string;
      readonly supported_claims: readonly string[];
      readonly supported_scope: readonly string[];
    };
  };
  readonly oauth2: {
    readonly session: { readonly encrypt_at_rest: boolean };
    readonly pkce: { readonly enforced: boolean; readonly enforced_for_public_clients: boolean };
    /**
     * Tessera's, shaped like `pkce`: which clients must send DPoP proofs (RFC 9449 §5), and
     * whether proofs must carry a server-provided nonce (§8, §9) that changes every `lifetime` ms.
     */
    readonly dpop: {
      readonly enforced: boolean;
      readonly enforced_for_public_clients: boolean;
      readonly nonce: { readonly enabled: boolean; readonly lifetime: number };
    };
    /**
     * Tessera's: mutual TLS (RFC 8705). `trusted_ca` holds the CAs of `tls_client_auth`
     * certificates; `certificate_header` (lower case) is believed only from `trusted_proxies`.
     */
    readonly mtls: {
      readonly enabled: boolean;
      readonly trusted_ca: PemSource;
      readonly certificate_header: string;
      readonly trusted_proxies: readonly string[];
    };
    readonly grant: {
      readonly refresh_token: {
        readonly rotation_grace_period: number;
        readonly rotation_grace_reuse_count: number;
      };
    };
    readonly token_hook?: WebhookSettings;
    readonly refresh_token_hook?: WebhookSettings;
    readonly allowed_top_level_claims: readonly string[];
    readonly mirror_top_level_claims: boolean;
    readonly exclude_not_before_claim: boolean;
    readonly client_credentials: { readonly default_grant_allowed_scope: boolean };
    readonly hashers: {
      readonly algorithm: HashAlgorithm;
      readonly pbkdf2: { readonly iterations: number };
      readonly bcrypt: { readonly cost: number };
    };
  };
  readonly tracing: {
    readonly provider: '' | 'otel' | 'jaeger' | 'zipkin';
    readonly service_name: string;
    readonly deployment_environment: string;
    readonly providers: {
      readonly otlp: {
        readonly server_url: string;
        readonly insecure: boolean;
        readonly sampling: { readonly sampling_ratio: number };
        readonly authorization_header: string;
      };
    };
  };
  readonly clients: {
    readonly http: { readonly disallow_private_ip_ranges: boolean };
  };
  readonly rate_limits: {
    readonly per_ip: { readonly requests_per_second: number; readonly burst: number };
    readonly per_client: { readonly requests_per_second: number; readonly burst: number };
    readonly failed_authentication: {
      readonly per_minute: number;
      /** Failures are counted in the database too, so every replica sees them. */
      readonly shared: boolean;
    };
    readonly trusted_proxies: readonly string[];
  };
  readonly oidc: {
    readonly subject_identifiers: {
      readonly supported_types: readonly SubjectType[];
      readonly pairwise: { readonly salt: string };
    };
    readonly dynamic_client_registration: {
      readonly enabled: boolean;
      readonly default_scope: readonly string[];
    };
  };
}

/**
 * The validated configuration, injectable by class. Built only by `loadConfig` (or by tests
 * through `TesseraConfig.from`), so every instance has passed validation.
 */
export class TesseraConfig implements TesseraSettings {
  readonly dev!: boolean;
  readonly dsn!: string;
  readonly secrets!: TesseraSettings['secrets'];
  readonly urls!: TesseraSettings['urls'];
  readonly serve!: TesseraSettings['serve'];
  readonly ttl!: TesseraSettings['ttl'];
  readonly log!: TesseraSettings['log'];
  readonly strategies!: TesseraSettings['strategies'];
  readonly webfinger!: TesseraSettings['webfinger'];
  readonly oauth2!: TesseraSettings['oauth2'];
  readonly oidc!: TesseraSettings['oidc'];
  readonly clients!: TesseraSettings['clients'];
  readonly tracing!: TesseraSettings['tracing'];
  readonly rate_limits!: TesseraSettings['rate_limits'];

  private constructor(settings: TesseraSettings) {
    Object.assign(this, settings);
    Object.freeze(this);
  }

  static from(settings: TesseraSettings): TesseraConfig {
    return new TesseraConfig(settings);
  }

  /** A URL on the public port: `path` joined to `urls.self.public`. */
  publicUrl(path: string): string {
    return joinUrl(this.urls.self.public, path);
  }

  /** A URL on the admin port: `path` joined to `urls.self.admin`. */
  adminUrl(path: string): string {
    return joinUrl(this.urls.self.admin, path);
  }
}

/** Joins a path to a base URL with exactly one `/` between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

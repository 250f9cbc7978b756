import {
  boolValue,
  durationValue,
  enumValue,
  intValue,
  listValue,
  stringValue,
  urlValue,
  type Parsed,
  type ValueParser,
} from './config-values';
import { CLIENT_HTTP_KEYS, COOKIE_KEYS, GRANT_KEYS } from './flow-config-keys';
import { OBSERVABILITY_KEYS } from './observability-config-keys';
import { RATE_LIMIT_KEYS } from './rate-limit-config-keys';
import { LISTENER_KEYS } from './listener-config-keys';
import { MTLS_KEYS } from './mtls-config-keys';

export type { ConfigKey } from './config-key';
import type { ConfigKey } from './config-key';

/** Hydra's rule: the environment variable is the path upper-cased with `.` turned into `_`. */
export function envName(path: string): string {
  return path.toUpperCase().replace(/\./g, '_');
}

const DAY_MS = 24 * 3_600_000;
const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'panic',
] as const;
const minLength =
  (min: number): ValueParser<string> =>
  (raw): Parsed<string> =>
    typeof raw === 'string' && raw.length >= min
      ? { ok: true, value: raw }
      : { ok: false, problem: `must be at least ${min} characters long` };

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    path: 'dev',
    parse: boolValue,
    default: false,
    description: 'Development mode: allows http URLs (same as --dev).',
  },
  {
    path: 'dsn',
    parse: stringValue,
    secret: true,
    description: 'Database: memory, sqlite://PATH or postgres://… .',
  },
  {
    path: 'secrets.system',
    parse: listValue(minLength(16)),
    secret: true,
    description: 'System secrets; the first encrypts and signs, all decrypt and verify.',
  },
  {
    path: 'secrets.cookie',
    parse: listValue(minLength(16)),
    secret: true,
    description: 'Cookie secrets; default: secrets.system.',
  },
  {
    path: 'secrets.pagination',
    parse: listValue(minLength(16)),
    secret: true,
    description: 'Page-token secrets; default: secrets.system.',
  },
  { path: 'urls.self.issuer', parse: urlValue, description: 'Issuer URL, used verbatim as `iss`.' },
  {
    path: 'urls.self.public',
    parse: urlValue,
    description: 'Base URL of the public port; default: the issuer.',
  },
  { path: 'urls.self.admin', parse: urlValue, description: 'Base URL of the admin port.' },
  { path: 'urls.login', parse: urlValue, description: 'Login UI.' },
  {
    path: 'urls.registration',
    parse: urlValue,
    description: 'Registration UI (prompt=registration); default: urls.login.',
  },
  { path: 'urls.consent', parse: urlValue, description: 'Consent UI.' },
  { path: 'urls.logout', parse: urlValue, description: 'Logout UI.' },
  {
    path: 'urls.error',
    parse: urlValue,
    description: 'Error UI for errors that cannot go back to a client.',
  },
  {
    path: 'urls.post_logout_redirect',
    parse: urlValue,
    description: 'Where a logout ends by default.',
  },
  ...LISTENER_KEYS,
  {
    path: 'ttl.access_token',
    parse: durationValue(),
    default: 3_600_000,
    description: 'Access token lifespan.',
  },
  {
    path: 'ttl.refresh_token',
    parse: durationValue({ allowNever: true }),
    default: 720 * 3_600_000,
    description: 'Refresh token lifespan (-1: never expires).',
  },
  {
    path: 'ttl.id_token',
    parse: durationValue(),
    default: 3_600_000,
    description: 'ID token lifespan.',
  },
  {
    path: 'ttl.auth_code',
    parse: durationValue(),
    default: 600_000,
    description: 'Authorization code lifespan.',
  },
  {
    path: 'ttl.login_consent_request',
    parse: durationValue(),
    default: 1_800_000,
    description: 'Lifespan of login, consent and logout challenges.',
  },
  {
    path: 'ttl.authentication_session',
    parse: durationValue({ maxMs: 180 * DAY_MS }),
    default: 720 * 3_600_000,
    description: 'Remembered login session lifespan (at most 180 days).',
  },
  {
    path: 'ttl.device_user_code',
    parse: durationValue(),
    default: 600_000,
    description: 'Device flow user code lifespan.',
  },
  { path: 'log.level', parse: enumValue(LOG_LEVELS), default: 'info', description: 'Log level.' },
  {
    path: 'log.format',
    parse: enumValue(['text', 'json', 'json_pretty'] as const),
    default: 'text',
    description: 'Log format.',
  },
  {
    path: 'log.leak_sensitive_values',
    parse: boolValue,
    default: false,
    description: 'Log sensitive values such as query strings.',
  },
  {
    path: 'oauth2.hashers.algorithm',
    parse: enumValue(['pbkdf2', 'bcrypt'] as const),
    default: 'pbkdf2',
    description: 'Client secret hash algorithm.',
  },
  {
    path: 'oauth2.hashers.pbkdf2.iterations',
    parse: intValue(1, 10_000_000),
    default: 25_000,
    description: 'PBKDF2-SHA256 iterations.',
  },
  {
    path: 'oauth2.hashers.bcrypt.cost',
    parse: intValue(4, 31),
    default: 10,
    description: 'bcrypt cost.',
  },
  {
    path: 'oauth2.session.encrypt_at_rest',
    parse: boolValue,
    default: true,
    description: 'Encrypt token sessions in the database with the system secret.',
  },
  {
    path: 'oauth2.client_credentials.default_grant_allowed_scope',
    parse: boolValue,
    default: false,
    description: 'Grant every scope of the client when a client_credentials request asks for none.',
  },
  {
    path: 'strategies.access_token',
    parse: enumValue(['opaque', 'jwt'] as const),
    default: 'opaque',
    description: 'Access token format: opaque (HMAC) or jwt (RFC 9068).',
  },
  {
    path: 'strategies.jwt.scope_claim',
    parse: enumValue(['list', 'string', 'both'] as const),
    default: 'list',
    description: 'Scope claim of JWT access tokens: list (scp), string (scope) or both.',
  },
  {
    path: 'strategies.jwt.typ',
    parse: enumValue(['at+jwt', 'JWT'] as const),
    default: 'at+jwt',
    description: 'typ header of JWT access tokens: at+jwt (RFC 9068) or JWT (as Hydra).',
  },
  {
    path: 'oauth2.allowed_top_level_claims',
    parse: listValue(),
    default: [],
    description: 'Session claims copied to the top level of JWT access tokens.',
  },
  {
    path: 'oauth2.mirror_top_level_claims',
    parse: boolValue,
    default: true,
    description: 'Keep allowed top-level claims under ext as well.',
  },
  {
    path: 'oauth2.exclude_not_before_claim',
    parse: boolValue,
    default: false,
    description: 'Leave nbf out of JWT access tokens.',
  },
  {
    path: 'webfinger.jwks.broadcast_keys',
    parse: listValue(),
    default: ['hydra.openid.id-token'],
    description: 'Key sets published at /.well-known/jwks.json (the access token set always is).',
  },
  ...(
    [
      'auth_url',
      'token_url',
      'jwks_url',
      'userinfo_url',
      'device_authorization_url',
      'client_registration_url',
    ] as const
  ).map((name): ConfigKey => ({
    path: `webfinger.oidc_discovery.${name}`,
    parse: urlValue,
    description: `Discovery override of the ${name.replace(/_url$/, '').replace(/_/g, ' ')} URL.`,
  })),
  {
    path: 'webfinger.oidc_discovery.supported_claims',
    parse: listValue(),
    default: [],
    description: 'Claims advertised in discovery besides sub.',
  },
  {
    path: 'webfinger.oidc_discovery.supported_scope',
    parse: listValue(),
    default: [],
    description: 'Scopes advertised in discovery besides offline_access, offline and openid.',
  },
  ...GRANT_KEYS,
  ...COOKIE_KEYS,
  ...CLIENT_HTTP_KEYS,
  ...OBSERVABILITY_KEYS,
  ...RATE_LIMIT_KEYS,
  ...MTLS_KEYS,
  {
    path: 'strategies.scope',
    parse: enumValue(['wildcard', 'exact'] as const),
    default: 'wildcard',
    description: 'Scope matching: wildcard (client scope a.* allows a.b) or exact.',
  },
  {
    path: 'oidc.subject_identifiers.supported_types',
    parse: listValue(enumValue(['public', 'pairwise'] as const)),
    default: ['public'],
    description: 'Subject identifier types offered to clients.',
  },
  {
    path: 'oidc.subject_identifiers.pairwise.salt',
    parse: stringValue,
    secret: true,
    default: '',
    description: 'Salt of pairwise subject identifiers.',
  },
  {
    path: 'oidc.dynamic_client_registration.enabled',
    parse: boolValue,
    default: false,
    description: 'Serve /oauth2/register.',
  },
  {
    path: 'oidc.dynamic_client_registration.default_scope',
    parse: listValue(),
    default: ['offline_access', 'offline', 'openid'],
    description: 'Scope of a client registered without one.',
  },
];

export const CONFIG_KEYS_BY_PATH: ReadonlyMap<string, ConfigKey> = new Map(
  CONFIG_KEYS.map((key) => [key.path, key]),
);

import type { ConfigKey } from './config-key';
import {
  boolValue,
  durationValue,
  enumValue,
  intValue,
  stringValue,
  webhookValue,
} from './config-values';

const DAY_MS = 24 * 3_600_000;

/** The grants' options: PKCE, refresh token rotation, token hooks (hydra-compat §4.5, §4.6, §4.8). */
export const GRANT_KEYS: readonly ConfigKey[] = [
  {
    path: 'oauth2.pkce.enforced',
    parse: boolValue,
    default: false,
    description: 'Require PKCE from every client.',
  },
  {
    path: 'oauth2.pkce.enforced_for_public_clients',
    parse: boolValue,
    default: false,
    description: 'Require PKCE from public clients (token_endpoint_auth_method none).',
  },
  {
    path: 'oauth2.dpop.enforced',
    parse: boolValue,
    default: false,
    description: 'Require a DPoP proof (RFC 9449) at the token endpoint from every client.',
  },
  {
    path: 'oauth2.dpop.enforced_for_public_clients',
    parse: boolValue,
    default: false,
    description:
      'Require a DPoP proof (RFC 9449) at the token endpoint from public clients (token_endpoint_auth_method none).',
  },
  {
    path: 'oauth2.dpop.nonce.enabled',
    parse: boolValue,
    default: false,
    description:
      'Require a server-provided nonce in DPoP proofs (RFC 9449 §8, §9), handed out in the DPoP-Nonce header.',
  },
  {
    path: 'oauth2.dpop.nonce.lifetime',
    // Under 10 s a client could hardly use a nonce before it changed.
    parse: durationValue({ minMs: 10_000, maxMs: DAY_MS }),
    default: 300_000,
    description:
      'How often the DPoP nonce changes (10s to 24h); a nonce is accepted while it is current and one lifetime after.',
  },
  {
    path: 'oauth2.grant.refresh_token.rotation_grace_period',
    parse: durationValue({ allowZero: true, maxMs: 180 * DAY_MS }),
    default: 0,
    description: 'How long a used refresh token keeps working (0: not at all).',
  },
  {
    path: 'oauth2.grant.refresh_token.rotation_grace_reuse_count',
    parse: intValue(0, 1_000_000),
    default: 0,
    description:
      'How often a used refresh token may be reused within the grace period (0: no limit).',
  },
  {
    path: 'oauth2.token_hook',
    parse: webhookValue,
    secret: true,
    description: 'Webhook called before tokens are issued, for every grant.',
  },
  {
    path: 'oauth2.refresh_token_hook',
    parse: webhookValue,
    secret: true,
    description: 'Webhook called before a refresh issues tokens (legacy).',
  },
];

/** The cookies of the login and consent flow (hydra-compat §3.2). */
export const COOKIE_KEYS: readonly ConfigKey[] = [
  {
    path: 'serve.cookies.same_site_mode',
    parse: enumValue(['Strict', 'Lax', 'None'] as const),
    default: 'None',
    description: 'SameSite of cookies (None becomes Lax for an http issuer).',
  },
  {
    path: 'serve.cookies.secure',
    parse: boolValue,
    default: false,
    description: 'Secure cookies even in --dev.',
  },
  {
    path: 'serve.cookies.domain',
    parse: stringValue,
    default: '',
    description: 'Domain attribute of cookies.',
  },
  {
    path: 'serve.cookies.paths.session',
    parse: stringValue,
    default: '/',
    description: 'Path of the session cookie.',
  },
  {
    path: 'serve.cookies.names.session',
    parse: stringValue,
    default: 'ory_hydra_session',
    description: 'Name of the login session cookie.',
  },
  {
    path: 'serve.cookies.names.login_csrf',
    parse: stringValue,
    default: 'ory_hydra_login_csrf',
    description: 'Name (prefix) of the login CSRF cookies.',
  },
  {
    path: 'serve.cookies.names.consent_csrf',
    parse: stringValue,
    default: 'ory_hydra_consent_csrf',
    description: 'Name (prefix) of the consent CSRF cookies.',
  },
  {
    path: 'serve.cookies.names.device_csrf',
    parse: stringValue,
    default: 'ory_hydra_device_csrf',
    description: 'Name of the device CSRF cookie.',
  },
];

/** How the server fetches URLs that clients registered (hydra-compat §5.2 `clients.http`). */
export const CLIENT_HTTP_KEYS: readonly ConfigKey[] = [
  {
    path: 'clients.http.disallow_private_ip_ranges',
    parse: boolValue,
    description:
      'Refuse to fetch client URLs (sector_identifier_uri) on private, loopback or link-local addresses; default: true outside --dev.',
  },
];

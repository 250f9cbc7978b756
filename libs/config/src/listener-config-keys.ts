import type { ConfigKey } from './config-key';
import { boolValue, intValue, stringValue } from './config-values';

const port = intValue(0, 65_535);

const SCOPES: ReadonlyArray<readonly [string, string]> = [
  ['serve.tls', 'both listeners'],
  ['serve.public.tls', 'the public listener (overrides serve.tls)'],
  ['serve.admin.tls', 'the admin listener (overrides serve.tls)'],
];

/**
 * HTTPS on the listeners, with Hydra's keys (`serve.tls.*`, per listener `serve.public.tls.*` and
 * `serve.admin.tls.*`): the certificate chain and the private key, PEM, from a file or inline as
 * base64. Off by default: most deployments terminate TLS at the ingress.
 */
const TLS_KEYS: readonly ConfigKey[] = SCOPES.flatMap(([prefix, who]) => [
  {
    path: `${prefix}.enabled`,
    parse: boolValue,
    ...(prefix === 'serve.tls' ? { default: false } : {}),
    description: `Serve HTTPS on ${who}.`,
  },
  {
    path: `${prefix}.cert.path`,
    parse: stringValue,
    description: `File of the PEM certificate chain for ${who}.`,
  },
  {
    path: `${prefix}.cert.base64`,
    parse: stringValue,
    description: `The PEM certificate chain for ${who}, base64-encoded.`,
  },
  {
    path: `${prefix}.key.path`,
    parse: stringValue,
    description: `File of the PEM private key for ${who}.`,
  },
  {
    path: `${prefix}.key.base64`,
    parse: stringValue,
    secret: true,
    description: `The PEM private key for ${who}, base64-encoded.`,
  },
]);

/** The public and admin listeners: where they listen, and their HTTPS. */
export const LISTENER_KEYS: readonly ConfigKey[] = [
  {
    path: 'serve.public.host',
    parse: stringValue,
    default: '',
    description: 'Public listener host (empty: all interfaces; unix:/path for a socket).',
  },
  { path: 'serve.public.port', parse: port, default: 4444, description: 'Public listener port.' },
  {
    path: 'serve.admin.host',
    parse: stringValue,
    default: '',
    description: 'Admin listener host (empty: all interfaces; unix:/path for a socket).',
  },
  { path: 'serve.admin.port', parse: port, default: 4445, description: 'Admin listener port.' },
  ...TLS_KEYS,
];

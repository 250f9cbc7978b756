import type { ConfigKey } from './config-key';
import { boolValue, cidrValue, listValue, type Parsed, stringValue } from './config-values';

/** An HTTP field name (RFC 9110 §5.1 token), or empty for none. */
const headerName = (raw: unknown): Parsed<string> =>
  typeof raw === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]*$/.test(raw)
    ? { ok: true, value: raw.toLowerCase() }
    : { ok: false, problem: 'must be an HTTP header name' };

/**
 * Mutual TLS (RFC 8705): client authentication with certificates and certificate-bound access
 * tokens. Tessera's keys — Hydra has no mTLS. Off by default. The certificate comes from the
 * public HTTPS listener, which then asks for one, or from a TLS-terminating proxy in a header
 * believed only from `trusted_proxies`.
 */
export const MTLS_KEYS: readonly ConfigKey[] = [
  {
    path: 'oauth2.mtls.enabled',
    parse: boolValue,
    default: false,
    description:
      'Mutual TLS (RFC 8705): tls_client_auth and self_signed_tls_client_auth clients, certificate-bound access tokens.',
  },
  {
    path: 'oauth2.mtls.trusted_ca.path',
    parse: stringValue,
    description: 'File of the PEM certificates of the CAs that issue tls_client_auth certificates.',
  },
  {
    path: 'oauth2.mtls.trusted_ca.base64',
    parse: stringValue,
    description:
      'The PEM certificates of the CAs that issue tls_client_auth certificates, base64-encoded.',
  },
  {
    path: 'oauth2.mtls.certificate_header',
    parse: headerName,
    default: '',
    description:
      'Header in which a TLS-terminating proxy forwards the client certificate (URL-encoded PEM, base64 DER or Envoy X-Forwarded-Client-Cert); empty: none.',
  },
  {
    path: 'oauth2.mtls.trusted_proxies',
    parse: listValue(cidrValue),
    default: [],
    description:
      'Addresses or CIDR ranges of the proxies whose certificate header is believed; from any other peer it is ignored.',
  },
];

import { isIP } from 'node:net';
import { x5cProblem } from './client-jwks';
import { isDistinguishedName } from './client-subject-dn';
import type { OAuth2ClientDto } from './oauth2-client.dto';
import {
  type OAuth2ClientMetadata,
  TLS_CLIENT_AUTH_FIELDS,
  type TlsClientAuthField,
} from './oauth2-client';

/** The mutual-TLS metadata of a client (RFC 8705 §2.1.2 and §3.4). */
export type ClientTlsMetadata = Pick<
  OAuth2ClientMetadata,
  TlsClientAuthField | 'tls_client_certificate_bound_access_tokens'
>;

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_DNS_NAME = 253;
const URI_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:./;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Each identity field's syntax, as RFC 8705 §2.1.2 describes the value it registers. */
const FORMATS: Record<TlsClientAuthField, { test(value: string): boolean; expected: string }> = {
  tls_client_auth_subject_dn: {
    test: (value) => !CONTROL.test(value) && isDistinguishedName(value),
    expected: 'a distinguished name in RFC 4514 string form, such as CN=client,O=Example',
  },
  tls_client_auth_san_dns: { test: isDnsName, expected: 'a DNS name without wildcards' },
  tls_client_auth_san_uri: { test: isAbsoluteUri, expected: 'an absolute URI' },
  // A zone index (`%eth0`) names an interface of the host, nothing a certificate could hold.
  tls_client_auth_san_ip: {
    test: (value) => isIP(value) !== 0 && !value.includes('%'),
    expected: 'an IPv4 or IPv6 address',
  },
  tls_client_auth_san_email: { test: isEmailAddress, expected: 'an email address' },
};

/** The mutual-TLS metadata with its defaults: nothing registered, tokens not bound. */
export function tlsMetadataDefaults(input: OAuth2ClientDto): ClientTlsMetadata {
  return {
    tls_client_auth_subject_dn: input.tls_client_auth_subject_dn ?? '',
    tls_client_auth_san_dns: input.tls_client_auth_san_dns ?? '',
    tls_client_auth_san_uri: input.tls_client_auth_san_uri ?? '',
    tls_client_auth_san_ip: input.tls_client_auth_san_ip ?? '',
    tls_client_auth_san_email: input.tls_client_auth_san_email ?? '',
    tls_client_certificate_bound_access_tokens:
      input.tls_client_certificate_bound_access_tokens ?? false,
  };
}

/**
 * Why a client's mutual-TLS metadata is inconsistent, or `undefined`. RFC 8705 §2.1.2: a
 * `tls_client_auth` client registers exactly one of the certificate identity fields, which only
 * that method uses; §2.2.2: a `self_signed_tls_client_auth` client registers its certificates
 * in its key set (jwks with `x5c`, or jwks_uri). Call after the key set itself was checked.
 */
export function mutualTlsProblem(metadata: OAuth2ClientMetadata): string | undefined {
  const method = metadata.token_endpoint_auth_method;
  const set = TLS_CLIENT_AUTH_FIELDS.filter((field) => metadata[field] !== '');
  if (method === 'tls_client_auth' && set.length !== 1) {
    return `When token_endpoint_auth_method is tls_client_auth, exactly one of ${TLS_CLIENT_AUTH_FIELDS.join(', ')} must be set.`;
  }
  if (method !== 'tls_client_auth' && set.length > 0) {
    return `Field ${set[0]} may only be set when token_endpoint_auth_method is tls_client_auth.`;
  }
  for (const field of set) {
    const format = FORMATS[field];
    if (!format.test(metadata[field])) return `Field ${field} must be ${format.expected}.`;
  }
  if (method !== 'self_signed_tls_client_auth') return undefined;
  if (metadata.jwks === null) {
    return metadata.jwks_uri === ''
      ? 'When token_endpoint_auth_method is self_signed_tls_client_auth, either jwks or jwks_uri must be set.'
      : undefined;
  }
  return x5cProblem(metadata.jwks);
}

/**
 * A valid IP address in one text form per address, so that it compares as text: IPv6 compressed
 * and in lower case as RFC 5952 §4 has it (RFC 8705 §2.1.2 refers to it), an IPv4-mapped
 * address in mixed notation (RFC 5952 §5), IPv4 as given (Node accepts only the dotted form).
 */
export function canonicalIpAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const compressed = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
  if (!mapped) return compressed;
  const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return `::ffff:${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function isDnsName(value: string): boolean {
  if (value.length > MAX_DNS_NAME) return false;
  return value.split('.').every((label) => DNS_LABEL.test(label));
}

function isAbsoluteUri(value: string): boolean {
  return URI_WITH_SCHEME.test(value) && !CONTROL_OR_SPACE.test(value) && URL.canParse(value);
}

function isEmailAddress(value: string): boolean {
  const parts = value.split('@');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' && !CONTROL_OR_SPACE.test(value);
}

import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  type OAuth2Client,
  splitUnescaped,
  type TlsClientAuthField,
  unescapeDnValue,
} from '@tessera/clients';
import { opensslAttributeType } from './attribute-types';

const MATCHERS: ReadonlyArray<
  readonly [TlsClientAuthField, (certificate: X509Certificate, expected: string) => boolean]
> = [
  ['tls_client_auth_subject_dn', (certificate, dn) => subjectDnMatches(certificate.subject, dn)],
  // Exact names only: a wildcard certificate stands for no one client (RFC 8705 §2.1.2).
  [
    'tls_client_auth_san_dns',
    (certificate, dns) =>
      certificate.checkHost(dns, { subject: 'never', wildcards: false }) !== undefined,
  ],
  [
    'tls_client_auth_san_uri',
    (certificate, uri) => subjectAltNames(certificate, 'URI').includes(uri),
  ],
  [
    'tls_client_auth_san_ip',
    (certificate, ip) => isIP(ip) !== 0 && certificate.checkIP(ip) !== undefined,
  ],
  [
    'tls_client_auth_san_email',
    (certificate, email) => certificate.checkEmail(email, { subject: 'never' }) !== undefined,
  ],
];

/**
 * RFC 8705 §2.1.2: whether the certificate names the client the way it registered — by the one
 * `tls_client_auth_*` value it set. A client with none set matches no certificate.
 */
export function certificateNamesClient(
  certificate: X509Certificate,
  client: Pick<OAuth2Client, TlsClientAuthField>,
): boolean {
  const registered = MATCHERS.filter(([field]) => client[field] !== '');
  return registered.length === 1 && registered[0][1](certificate, client[registered[0][0]]);
}

/**
 * RFC 4514 distinguished names compared RDN by RDN: the attributes of a multi-valued RDN (`+`) in
 * any order, values exact once unescaped. The registered string lists the most specific RDN
 * first, its types in any case or as OIDs (`opensslAttributeType`); Node writes the
 * certificate's subject one RDN per line, in the certificate's order, with OpenSSL's type names,
 * which are compared exactly.
 */
export function subjectDnMatches(subject: string, registered: string): boolean {
  const expected = parseRdns(splitUnescaped(registered, ','), opensslAttributeType);
  const actual = parseRdns(subject.split('\n'), (type) => type);
  if (expected === undefined || actual === undefined || expected.length !== actual.length)
    return false;
  return expected.reverse().every((rdn, index) => rdn === actual[index]);
}

type Attribute = readonly [type: string, value: string];

/** Each RDN in a comparable form: its attributes sorted; `undefined` when one is malformed. */
function parseRdns(
  rdns: readonly string[] | undefined,
  typeName: (type: string) => string,
): string[] | undefined {
  if (rdns === undefined) return undefined;
  const parsed: string[] = [];
  for (const rdn of rdns) {
    const attributes = (splitUnescaped(rdn, '+') ?? ['']).map((text) =>
      parseAttribute(text, typeName),
    );
    if (attributes.some((attribute) => attribute === undefined)) return undefined;
    parsed.push(JSON.stringify((attributes as Attribute[]).sort()));
  }
  return parsed;
}

function parseAttribute(text: string, typeName: (type: string) => string): Attribute | undefined {
  const equals = text.indexOf('=');
  if (equals <= 0) return undefined;
  const type = text.slice(0, equals).trim();
  const value = unescapeDnValue(text.slice(equals + 1));
  if (!/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)*$/.test(type) || !value) return undefined;
  return [typeName(type), value];
}

/**
 * The subject alternative names of one kind (`URI`, `DNS`, …). Node lists them as
 * `DNS:a, URI:b`, quoting (JSON) a value that holds a comma or a quote.
 */
export function subjectAltNames(certificate: X509Certificate, kind: string): string[] {
  const names: string[] = [];
  const entries = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const [, type, raw] of (certificate.subjectAltName ?? '').matchAll(entries)) {
    if (type !== kind) continue;
    names.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
  }
  return names;
}

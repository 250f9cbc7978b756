import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  anyExtendedKeyUsage,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  type Extension,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_issuerAltName,
  id_ce_keyUsage,
  id_ce_nameConstraints,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  KeyUsage,
  KeyUsageFlags,
} from '@peculiar/asn1-x509';

/**
 * The extensions whose meaning Tessera applies to a client certificate or its CA (name
 * constraints are refused outright). RFC 5280 §4.2: a certificate with a critical extension the
 * verifier does not understand must be refused.
 */
const UNDERSTOOD = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  id_ce_issuerAltName,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
]);

/** Key usages of a CA (RFC 5280 §4.2.1.3): a certificate with one is no end entity's. */
const CA_KEY_USAGES = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign;

/**
 * Why a CA-issued certificate may not authenticate a TLS client, or `undefined`: it is itself a
 * CA (`cA` in its basic constraints, RFC 5280 §4.2.1.9, or a CA's key usage); its key usage
 * leaves out `digitalSignature`, with which a TLS client proves its key (§4.2.1.3); its extended
 * key usage leaves out `clientAuth` (§4.2.1.12, e.g. a server certificate); or it holds a
 * critical extension Tessera does not understand (§4.2).
 */
export function clientCertificateProblem(certificate: X509Certificate): string | undefined {
  if (certificate.ca) return 'it is a CA certificate';
  const extensions = extensionsOf(certificate);
  if (!extensions) return 'its extensions cannot be read';
  const flags = extensions.get(id_ce_keyUsage)?.flags;
  if (extensions.get(id_ce_basicConstraints)?.ca || (flags ?? 0) & CA_KEY_USAGES) {
    return 'it is a CA certificate';
  }
  if (flags !== undefined && !(flags & KeyUsageFlags.digitalSignature)) {
    return 'its key usage does not include digitalSignature';
  }
  const purposes = extensions.get(id_ce_extKeyUsage)?.purposes;
  if (purposes && !purposes.includes(id_kp_clientAuth) && !purposes.includes(anyExtendedKeyUsage)) {
    return 'its extended key usage does not include clientAuth';
  }
  return unknownCriticalProblem(extensions);
}

/**
 * Why a certificate cannot be a CA that issues client certificates, or `undefined`: not a CA
 * (OpenSSL's check: `CA:TRUE`, and `keyCertSign` if it has a key usage, RFC 5280 §4.2.1.3), or
 * one with name constraints (§4.2.1.10), which Tessera does not apply, so it would be trusted
 * beyond them.
 */
export function authorityProblem(certificate: X509Certificate): string | undefined {
  if (!certificate.ca) return 'it is no CA certificate (CA:TRUE, keyCertSign)';
  const extensions = extensionsOf(certificate);
  if (!extensions) return 'its extensions cannot be read';
  if (extensions.has(id_ce_nameConstraints)) {
    return 'it carries name constraints, which Tessera does not apply';
  }
  return unknownCriticalProblem(extensions);
}

/** RFC 5280 §4.2: a critical extension the verifier does not understand refuses the certificate. */
function unknownCriticalProblem(extensions: Map<string, ReadExtension>): string | undefined {
  const unknown = [...extensions.values()].find(
    (extension) => extension.critical && !UNDERSTOOD.has(extension.id),
  );
  return unknown ? `it holds the critical extension ${unknown.id}` : undefined;
}

/**
 * The extensions of a certificate by OID, their values decoded where used; `undefined` when
 * something OpenSSL accepted is beyond this parser: such a certificate is refused, never a 500.
 */
function extensionsOf(certificate: X509Certificate): Map<string, ReadExtension> | undefined {
  try {
    const parsed = AsnConvert.parse(certificate.raw, Certificate);
    const read = (parsed.tbsCertificate.extensions ?? []).map(readExtension);
    return new Map(read.map((extension) => [extension.id, extension]));
  } catch {
    return undefined;
  }
}

interface ReadExtension {
  readonly id: string;
  readonly critical: boolean;
  /** Key usage flags (`KeyUsageFlags`), when this is the key usage extension. */
  readonly flags?: number;
  /** Key purposes, when this is the extended key usage extension. */
  readonly purposes?: readonly string[];
  /** Whether the basic constraints say CA, when this is that extension. */
  readonly ca?: boolean;
}

function readExtension(extension: Extension): ReadExtension {
  const { extnID: id, critical, extnValue } = extension;
  if (id === id_ce_keyUsage) {
    return { id, critical, flags: AsnConvert.parse(extnValue, KeyUsage).toNumber() };
  }
  if (id === id_ce_extKeyUsage) {
    return { id, critical, purposes: [...AsnConvert.parse(extnValue, ExtendedKeyUsage)] };
  }
  if (id === id_ce_basicConstraints) {
    return { id, critical, ca: AsnConvert.parse(extnValue, BasicConstraints).cA };
  }
  return { id, critical };
}

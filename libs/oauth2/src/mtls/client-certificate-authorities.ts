import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ConfigError, TesseraConfig } from '@tessera/config';
import { Clock, setBounded } from '@tessera/kernel';
import { authorityProblem, clientCertificateProblem } from './certificate-profile';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY = 'oauth2.mtls.trusted_ca';
/** How many certificates' verdicts are remembered; the oldest go first. */
const MAX_REMEMBERED = 10_000;

/**
 * The CAs that issue `tls_client_auth` certificates (RFC 8705 §2.1), from
 * `oauth2.mtls.trusted_ca`. A certificate is trusted when one of them issued it — it names the CA
 * as issuer and the CA's key verifies its signature —, both are within their validity, and it is
 * fit to authenticate a TLS client (`clientCertificateProblem`). An intermediate CA is trusted by
 * listing it. Unreadable PEM, or PEM without certificates or with one that cannot issue client
 * certificates (`authorityProblem`), stops the server.
 */
@Injectable()
export class ClientCertificateAuthorities {
  private readonly authorities: readonly X509Certificate[];
  private readonly verdicts = new Map<string, readonly X509Certificate[]>();

  constructor(
    config: TesseraConfig,
    private readonly clock: Clock,
  ) {
    const { enabled, trusted_ca: source } = config.oauth2.mtls;
    this.authorities = enabled && (source.path || source.base64) ? readAuthorities(source) : [];
  }

  issued(certificate: X509Certificate): boolean {
    const now = this.clock.nowMs();
    if (!withinValidity(certificate, now)) return false;
    return this.issuersOf(certificate).some((issuer) => withinValidity(issuer, now));
  }

  /**
   * The listed CAs that issued `certificate` — it names them and their key verifies its
   * signature — if it is fit to authenticate a TLS client; else none. Remembered by SHA-256
   * fingerprint, since none of this changes for a certificate: a client's next requests cost no
   * signature check. The fitness is read only for a certificate a listed CA issued.
   */
  private issuersOf(certificate: X509Certificate): readonly X509Certificate[] {
    const key = certificate.fingerprint256;
    let issuers = this.verdicts.get(key);
    if (issuers === undefined) {
      issuers = this.authorities.filter(
        (authority) =>
          certificate.checkIssued(authority) && certificate.verify(authority.publicKey),
      );
      if (issuers.length > 0 && clientCertificateProblem(certificate)) issuers = [];
      setBounded(this.verdicts, key, issuers, MAX_REMEMBERED);
    }
    return issuers;
  }
}

function withinValidity(certificate: X509Certificate, now: number): boolean {
  return Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
}

function readAuthorities(source: { path?: string; base64?: string }): X509Certificate[] {
  let pem: string;
  try {
    pem = source.path
      ? readFileSync(source.path, 'latin1')
      : Buffer.from(source.base64 ?? '', 'base64').toString('latin1');
  } catch {
    throw new ConfigError([{ key: `${KEY}.path`, message: `cannot read the file ${source.path}` }]);
  }
  const authorities = parseCertificates(pem.match(PEM_CERTIFICATE) ?? []);
  if (authorities === undefined || authorities.length === 0) {
    throw new ConfigError([
      { key: KEY, message: 'must hold PEM certificates of certificate authorities (CA:TRUE)' },
    ]);
  }
  authorities.forEach((authority, index) => {
    const problem = authorityProblem(authority);
    if (problem) {
      throw new ConfigError([
        {
          key: KEY,
          message: `certificate ${index + 1} (${authority.subject.replace(/\n/g, ', ')}): ${problem}`,
        },
      ]);
    }
  });
  return authorities;
}

function parseCertificates(blocks: readonly string[]): X509Certificate[] | undefined {
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    return undefined;
  }
}

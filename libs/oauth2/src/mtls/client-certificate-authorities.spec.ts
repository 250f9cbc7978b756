import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, type TesseraConfig } from '@tessera/config';
import { Clock } from '@tessera/kernel';
import { ClientCertificateAuthorities } from './client-certificate-authorities';
import {
  CLIENT_A,
  CLIENT_A_OF_OTHER_CA,
  FIXTURE_CA,
  NAME_CONSTRAINED_CA,
  OTHER_CA,
  SELF_SIGNED,
} from '@tessera/testing';

class FixedClock extends Clock {
  constructor(private readonly at: number) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

const clientA = new X509Certificate(CLIENT_A);
const DURING = Date.parse(clientA.validFrom) + 86_400_000;

function authorities(trusted: { path?: string; base64?: string }, at = DURING) {
  const config = {
    oauth2: {
      mtls: { enabled: true, trusted_ca: trusted, certificate_header: '', trusted_proxies: [] },
    },
  } as unknown as TesseraConfig;
  return new ClientCertificateAuthorities(config, new FixedClock(at));
}

const base64 = (pem: string): string => Buffer.from(pem).toString('base64');

describe('ClientCertificateAuthorities (RFC 8705 §2.1)', () => {
  it('trusts a certificate a listed CA issued, within its validity only', () => {
    const trust = authorities({ base64: base64(`${OTHER_CA}\n${FIXTURE_CA}\n`) });
    expect(trust.issued(clientA)).toBe(true);
    const before = authorities({ base64: base64(FIXTURE_CA) }, Date.parse(clientA.validFrom) - 1);
    expect(before.issued(clientA)).toBe(false);
    const after = authorities({ base64: base64(FIXTURE_CA) }, Date.parse(clientA.validTo) + 1);
    expect(after.issued(clientA)).toBe(false);
  });

  it('does not trust a certificate of another CA, a self-signed one, or the CA itself as a client', () => {
    const trust = authorities({ base64: base64(FIXTURE_CA) });
    expect(trust.issued(new X509Certificate(CLIENT_A_OF_OTHER_CA))).toBe(false);
    expect(trust.issued(new X509Certificate(SELF_SIGNED))).toBe(false);
    expect(trust.issued(new X509Certificate(FIXTURE_CA))).toBe(false);
  });

  it('trusts nothing when no CA is configured', () => {
    expect(authorities({}).issued(clientA)).toBe(false);
  });

  it('stops the server on an unreadable file, PEM without certificates, a certificate that is no CA, or a CA with name constraints', () => {
    for (const trusted of [
      { path: '/nonexistent/ca.pem' },
      { base64: base64('not a certificate') },
      { base64: base64(CLIENT_A) },
      { base64: base64(`${FIXTURE_CA}\n${NAME_CONSTRAINED_CA}`) },
      { base64: base64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----') },
    ]) {
      expect(() => authorities(trusted), JSON.stringify(trusted)).toThrow(ConfigError);
    }
  });
});

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateNamesClient, subjectAltNames, subjectDnMatches } from './certificate-subject';
import { CLIENT_A, SELF_SIGNED } from '@tessera/testing';

const clientA = new X509Certificate(CLIENT_A);
const NONE = {
  tls_client_auth_subject_dn: '',
  tls_client_auth_san_dns: '',
  tls_client_auth_san_uri: '',
  tls_client_auth_san_ip: '',
  tls_client_auth_san_email: '',
};

describe('certificateNamesClient (RFC 8705 §2.1.2)', () => {
  it.each([
    ['tls_client_auth_subject_dn', 'CN=client-a,O=Example\\, Inc'],
    ['tls_client_auth_subject_dn', 'cn=client-a, o=Example\\2C Inc'],
    ['tls_client_auth_san_dns', 'client.example.com'],
    ['tls_client_auth_san_dns', 'CLIENT.example.com'],
    ['tls_client_auth_san_uri', 'spiffe://example.com/client-a'],
    ['tls_client_auth_san_ip', '10.1.2.3'],
    ['tls_client_auth_san_ip', '2001:db8::1'],
    ['tls_client_auth_san_email', 'client-a@example.com'],
  ])('matches the registered %s %s', (field, value) => {
    expect(certificateNamesClient(clientA, { ...NONE, [field]: value })).toBe(true);
  });

  it.each([
    ['tls_client_auth_subject_dn', 'CN=client-a'],
    ['tls_client_auth_subject_dn', 'O=Example\\, Inc,CN=client-a'],
    ['tls_client_auth_subject_dn', 'CN=client-b,O=Example\\, Inc'],
    ['tls_client_auth_subject_dn', 'CN=client-a,O=Example Inc'],
    ['tls_client_auth_san_dns', 'other.example.com'],
    ['tls_client_auth_san_dns', 'example.com'],
    ['tls_client_auth_san_uri', 'spiffe://example.com/client-b'],
    ['tls_client_auth_san_uri', 'spiffe://example.com/client-a/'],
    ['tls_client_auth_san_ip', '10.1.2.4'],
    ['tls_client_auth_san_ip', 'client.example.com'],
    ['tls_client_auth_san_email', 'client-b@example.com'],
  ])('refuses the registered %s %s', (field, value) => {
    expect(certificateNamesClient(clientA, { ...NONE, [field]: value })).toBe(false);
  });

  it('matches no certificate for a client with no subject, or with two', () => {
    expect(certificateNamesClient(clientA, NONE)).toBe(false);
    const two = {
      ...NONE,
      tls_client_auth_san_dns: 'client.example.com',
      tls_client_auth_san_ip: '10.1.2.3',
    };
    expect(certificateNamesClient(clientA, two)).toBe(false);
  });

  it('finds no subject alternative name in a certificate without any', () => {
    const selfSigned = new X509Certificate(SELF_SIGNED);
    expect(subjectAltNames(selfSigned, 'URI')).toEqual([]);
    const dns = { ...NONE, tls_client_auth_san_dns: 'self-signed' };
    expect(certificateNamesClient(selfSigned, dns)).toBe(false);
  });
});

describe('subjectDnMatches (RFC 4514)', () => {
  it('compares multi-valued RDNs as sets and escaped values by their characters', () => {
    const subject = 'O=Ex \\"q\\"\nCN=b + OU=a\nemailAddress=x@y.z';
    expect(subjectDnMatches(subject, 'EMAILADDRESS=x@y.z,OU=a+CN=b,O=Ex \\"q\\"')).toBe(true);
    expect(subjectDnMatches(subject, 'emailAddress=x@y.z,OU=a,CN=b,O=Ex \\"q\\"')).toBe(false);
    expect(subjectDnMatches(subject, 'emailAddress=x@y.z,OU=a+CN=c,O=Ex \\"q\\"')).toBe(false);
  });

  it('names types as OpenSSL does: any case, long name or OID when registered; exact in the certificate, where uid is not UID', () => {
    expect(subjectDnMatches('O=Org\nUID=alice', 'uid=alice,O=Org')).toBe(true);
    expect(subjectDnMatches('O=Org\nUID=alice', 'userId=alice,organizationName=Org')).toBe(true);
    expect(
      subjectDnMatches('O=Org\nUID=alice', '0.9.2342.19200300.100.1.1=alice,2.5.4.10=Org'),
    ).toBe(true);
    // OpenSSL prints uniqueIdentifier as `uid`: another attribute than the registered userId.
    expect(subjectDnMatches('O=Org\nuid=alice', 'UID=alice,O=Org')).toBe(false);
    expect(subjectDnMatches('O=Org\nuid=alice', 'uid=alice,O=Org')).toBe(false);
    expect(subjectDnMatches('O=Org\nuid=alice', 'uniqueIdentifier=alice,O=Org')).toBe(true);
    expect(subjectDnMatches('postalAddress=x', '2.5.4.16=x')).toBe(true);
  });

  it('keeps escaped spaces around a value and drops the others; refuses the # hex form', () => {
    expect(subjectDnMatches('CN=victim\\ ', 'CN=victim\\20')).toBe(true);
    expect(subjectDnMatches('CN=victim', ' CN = victim ')).toBe(true);
    // A certificate's `victim\` is not a registered `victim ` (escaped space), nor the reverse.
    expect(subjectDnMatches('CN=victim\\\\', 'CN=victim\\ ')).toBe(false);
    expect(subjectDnMatches('CN=victim\\ ', 'CN=victim\\\\')).toBe(false);
    expect(subjectDnMatches('CN=\\#0C0161', 'CN=#0C0161')).toBe(false);
    expect(subjectDnMatches('CN=\\#0C0161', 'CN=\\#0C0161')).toBe(true);
    expect(subjectDnMatches('CN=\ufffd', 'CN=\\ff')).toBe(false);
  });

  it('decodes UTF-8 hex escapes and refuses what is no DN', () => {
    expect(subjectDnMatches('CN=Jos\u00e9', 'CN=Jos\\C3\\A9')).toBe(true);
    for (const registered of ['', 'CN', '=x', 'CN=a,', 'CN=a\\']) {
      expect(subjectDnMatches('CN=a', registered), registered).toBe(false);
    }
  });
});

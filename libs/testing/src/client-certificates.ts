import { type JsonWebKey, X509Certificate } from 'node:crypto';

/**
 * Certificates for mTLS tests (EC P-256, valid for a century from 2026-11-28). Made
 * with openssl once; only the certificates are kept, never a private key.
 */

/** A CA (CN=Fixture CA). */
export const FIXTURE_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBgTCCASegAwIBAgIURjiBInH6RviZkGYAT7spWgNYHmowCgYIKoZIzj0EAwIw',
  'FTETMBEGA1UEAwwKRml4dHVyZSBDQTAgFw0yNjExMjgyMzIzNDNaGA8yMTI2MTEw',
  'NDIzMjM0M1owFTETMBEGA1UEAwwKRml4dHVyZSBDQTBZMBMGByqGSM49AgEGCCqG',
  'SM49AwEHA0IABNoj3Cb8PYJ9mFJq1nfTnbsxoXU4Z8VMoSDqrMN3xnAjQp5Poyqj',
  'aTCaGdHJ5yP/kMCLn/5aN0+4a2QOXU+LNACjUzBRMB0GA1UdDgQWBBTODnhrhClF',
  'q2JiTZ0rGcwRDtDdajAfBgNVHSMEGDAWgBTODnhrhClFq2JiTZ0rGcwRDtDdajAP',
  'BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIAtcrNBti4o0+y/JmSbM',
  'n+xY7sHPMsS9W8sxbdaKEHFfAiEAhEnWKW/V5iDvObgqVqERVjxNmSwg9UzTs6sL',
  'suXGDMU=',
  '-----END CERTIFICATE-----',
].join('\n');

/** Another CA (CN=Other CA), trusted by no test. */
export const OTHER_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBfjCCASOgAwIBAgIUKu90VcHre9eHu0JspxpbJnMIw44wCgYIKoZIzj0EAwIw',
  'EzERMA8GA1UEAwwIT3RoZXIgQ0EwIBcNMjYxMTI4MjMyMzQzWhgPMjEyNjExMDQy',
  'MzIzNDNaMBMxETAPBgNVBAMMCE90aGVyIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0D',
  'AQcDQgAENHyUhzHdpjiZ9PcpA5tJPjVCHR9Y3I23ieZi+eqGtG/3enmh2obbRQaa',
  'ebodMTpeVc8kSIGSlRF63VpHhMXn0KNTMFEwHQYDVR0OBBYEFJfnV+C6zlmv1m35',
  'EgEsb2PmPSizMB8GA1UdIwQYMBaAFJfnV+C6zlmv1m35EgEsb2PmPSizMA8GA1Ud',
  'EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAJbUrhXqJxOew0JElXCToF0P',
  'oMPXRC3lPNhqzqIxiltTAiEAkduMYmxI1lOEyXwiIPFWO6ZBQaWmH3cJ9ll3f1aw',
  'jsI=',
  '-----END CERTIFICATE-----',
].join('\n');

/** Issued by FIXTURE_CA: subject O=Example\\, Inc + CN=client-a; SANs DNS client.example.com, IP 10.1.2.3 and 2001:db8::1, URI spiffe://example.com/client-a, email client-a@example.com. */
export const CLIENT_A = [
  '-----BEGIN CERTIFICATE-----',
  'MIIB8jCCAZmgAwIBAgIUWd+dwipRhYVrqQ9BAnAcdMKsozwwCgYIKoZIzj0EAwIw',
  'FTETMBEGA1UEAwwKRml4dHVyZSBDQTAgFw0yNjExMjgyMzIzNDNaGA8yMTI2MTEw',
  'NDIzMjM0M1owKjEVMBMGA1UECgwMRXhhbXBsZSwgSW5jMREwDwYDVQQDDAhjbGll',
  'bnQtYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDydFZqo9GcxeBDAgvC73hBj',
  'BL3D8/lqPVtzHL7igkosYh0Q2owPeGj33LuI4F78ypB15Va41yaQENQDsildObmj',
  'ga8wgawwagYDVR0RBGMwYYISY2xpZW50LmV4YW1wbGUuY29thwQKAQIDhxAgAQ24',
  'AAAAAAAAAAAAAAABhh1zcGlmZmU6Ly9leGFtcGxlLmNvbS9jbGllbnQtYYEUY2xp',
  'ZW50LWFAZXhhbXBsZS5jb20wHQYDVR0OBBYEFNjYU/v2LrrbjOtUkjH8Hyo4r7Aq',
  'MB8GA1UdIwQYMBaAFM4OeGuEKUWrYmJNnSsZzBEO0N1qMAoGCCqGSM49BAMCA0cA',
  'MEQCIApwr1ikfchHzdqywkv+Bd1XsBCXHCRu17maO96RRBuaAiAZ0mxi2WLJyWX8',
  'dPsOA3qcHfLGhmjm3vCIIvFL43pgHA==',
  '-----END CERTIFICATE-----',
].join('\n');

/** The same subject and SANs as CLIENT_A, issued by OTHER_CA. */
export const CLIENT_A_OF_OTHER_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIB8TCCAZegAwIBAgIUEkVehoLbXVoF2xU/LuuS49rJ7z0wCgYIKoZIzj0EAwIw',
  'EzERMA8GA1UEAwwIT3RoZXIgQ0EwIBcNMjYxMTI4MjMyMzQzWhgPMjEyNjExMDQy',
  'MzIzNDNaMCoxFTATBgNVBAoMDEV4YW1wbGUsIEluYzERMA8GA1UEAwwIY2xpZW50',
  'LWEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ8nRWaqPRnMXgQwILwu94QYwS9',
  'w/P5aj1bcxy+4oJKLGIdENqMD3ho99y7iOBe/MqQdeVWuNcmkBDUA7IpXTm5o4Gv',
  'MIGsMGoGA1UdEQRjMGGCEmNsaWVudC5leGFtcGxlLmNvbYcECgECA4cQIAENuAAA',
  'AAAAAAAAAAAAAYYdc3BpZmZlOi8vZXhhbXBsZS5jb20vY2xpZW50LWGBFGNsaWVu',
  'dC1hQGV4YW1wbGUuY29tMB0GA1UdDgQWBBTY2FP79i6624zrVJIx/B8qOK+wKjAf',
  'BgNVHSMEGDAWgBSX51fgus5Zr9Zt+RIBLG9j5j0oszAKBggqhkjOPQQDAgNIADBF',
  'AiEAymcXeFudY/wZ0HGK3X6dTHotCKo+T/rqk87mX5e4jgwCICr2LemdB9rw4ete',
  '5P7GDPvbq0yAWpZ1gAcOZ1iZkHgY',
  '-----END CERTIFICATE-----',
].join('\n');

/** Self-signed, CN=self-signed. */
export const SELF_SIGNED = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBhDCCASmgAwIBAgIUbojCARMblcmzVedehxiHUVdEfzowCgYIKoZIzj0EAwIw',
  'FjEUMBIGA1UEAwwLc2VsZi1zaWduZWQwIBcNMjYxMTI4MjMyMzQzWhgPMjEyNjEx',
  'MDQyMzIzNDNaMBYxFDASBgNVBAMMC3NlbGYtc2lnbmVkMFkwEwYHKoZIzj0CAQYI',
  'KoZIzj0DAQcDQgAEdyjrbrHZlVAlqCK6c0SMYRDnQkPi8NDB14uzivig4JKTun2q',
  'FPDsMi54qX1lcB3/XtwY9mdStivihFHxXU4KkaNTMFEwHQYDVR0OBBYEFAjKnzMe',
  'r3fGCZqW+iUEYswMQqqsMB8GA1UdIwQYMBaAFAjKnzMer3fGCZqW+iUEYswMQqqs',
  'MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhALE4/upeFEdTFAqO',
  'NdBQTKH/fExkteJJB3AThhJOUYBLAiEA/kbk0VCrbFGYsgMYSt/zrKUKknh6CBUz',
  'KAEEQPzhkfE=',
  '-----END CERTIFICATE-----',
].join('\n');

/** A self-signed CA with name constraints (permitted DNS:example.com, critical). */
export const NAME_CONSTRAINED_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBlzCCAT2gAwIBAgIUFbCtUUf813ejc/Ho/TGaNTPx/agwCgYIKoZIzj0EAwIw',
  'GTEXMBUGA1UEAwwOQ29uc3RyYWluZWQgQ0EwIBcNMjYxMTI5MDAzODQwWhgPMjEy',
  'NjExMDUwMDM4NDBaMBkxFzAVBgNVBAMMDkNvbnN0cmFpbmVkIENBMFkwEwYHKoZI',
  'zj0CAQYIKoZIzj0DAQcDQgAEadtOY1gY6SLUbB3swpFmEf62bP5FnwE8uKEdcYO1',
  'hwH/3+Q6R1HbbxP9fb4qmVQIM7AmF8H8L2hru0pvhpC1jKNhMF8wDwYDVR0TAQH/',
  'BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAgQwHQYDVR0eAQH/BBMwEaAPMA2CC2V4YW1w',
  'bGUuY29tMB0GA1UdDgQWBBQo21DTByGNO7+7afCvriEDpeSS5TAKBggqhkjOPQQD',
  'AgNIADBFAiAJYSVpCYOderJmNwcd0lHuexdqQ0k6znru6ps/WiZyLQIhAJ8DXXl7',
  'cP6kHegcQ3FAmIs2FNKaM6FSeNU6krKk19yh',
  '-----END CERTIFICATE-----',
].join('\n');

/** The public JWK of a certificate's key with the certificate in `x5c` (RFC 8705 §2.2, RFC 7517 §4.7). */
export function certificateJwk(pem: string): JsonWebKey & { x5c: string[] } {
  const certificate = new X509Certificate(pem);
  return {
    ...certificate.publicKey.export({ format: 'jwk' }),
    x5c: [certificate.raw.toString('base64')],
  };
}

/** The public JWK of a certificate's key alone. */
export function certificatePublicJwk(pem: string): JsonWebKey {
  return new X509Certificate(pem).publicKey.export({ format: 'jwk' });
}

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_A,
  FIXTURE_CA,
  NAME_CONSTRAINED_CA as CONSTRAINED,
  SELF_SIGNED,
} from '@tessera/testing';
import { authorityProblem, clientCertificateProblem } from './certificate-profile';

// Self-signed EC P-256 certificates, each with the extensions its comment names (openssl 3).
const pem = (lines: string[]) => new X509Certificate(lines.join('\n'));
/** A CA whose key usage is digitalSignature only, without keyCertSign. */
const NO_KEY_CERT_SIGN_CA = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBfjCCASSgAwIBAgIUSA+XomaU77o4Ob1oGQWU9MPLy9wwCgYIKoZIzj0EAwIw',
  'HDEaMBgGA1UEAwwRTm8ga2V5Q2VydFNpZ24gQ0EwIBcNMjYxMTI5MDAzODQwWhgP',
  'MjEyNjExMDUwMDM4NDBaMBwxGjAYBgNVBAMMEU5vIGtleUNlcnRTaWduIENBMFkw',
  'EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEjG1XzwhT0yW0vArpeENDS35tHHAuXrYm',
  'bTqsPcLC6VUZr3M2whFWeNNLGZlUpKLYM+7pPVg1O8ZLU/aEGNtG36NCMEAwDwYD',
  'VR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFI4WOv7EVtG7',
  'XF1hKJLBvAtQ0Aj9MAoGCCqGSM49BAMCA0gAMEUCIQCzIQ/nVVeQ6UZSikN+AclB',
  'qhOvu9rxfQA72dm8+q6f9wIgG5T1gk7f6NGmZnHHlm8CHZcemIPjIbyqq9tC3IvE',
  'dB4=',
  '-----END CERTIFICATE-----',
]);
/** An end entity for TLS servers only (extended key usage serverAuth). */
const SERVER_ONLY = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBgTCCASigAwIBAgIULX25BbkVInCIGZGj+SObLJkSsqMwCgYIKoZIzj0EAwIw',
  'HTEbMBkGA1UEAwwSc2VydmVyLmV4YW1wbGUuY29tMCAXDTI2MTEyOTAwMzg0MFoY',
  'DzIxMjYxMTA1MDAzODQwWjAdMRswGQYDVQQDDBJzZXJ2ZXIuZXhhbXBsZS5jb20w',
  'WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATYs37763yQ5AGsMD++P7wsUlCWBwVq',
  'oFGqO/sI8JEdz+zrqJb0iIP7ymbRYNtripJy4JttP8iT/FVAHx+tDE7jo0QwQjAM',
  'BgNVHRMBAf8EAjAAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBSTSTBi',
  'm3G1B7bAEFdd5rXe0RuxXjAKBggqhkjOPQQDAgNHADBEAiAgeWOgG/wU2swb66HM',
  'a5JKWcyUz974E+iUMP/Be8rFTwIgHILVLUDIAyd6wiaXafgNsciU6FFAILvNK8TF',
  'bkJAqM4=',
  '-----END CERTIFICATE-----',
]);
/** An end entity whose key usage is keyAgreement only. */
const KEY_AGREEMENT_ONLY = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBdDCCARmgAwIBAgIUF7MX+AxihV1d5cigKSzJbLumhSAwCgYIKoZIzj0EAwIw',
  'GDEWMBQGA1UEAwwNa2V5LWFncmVlbWVudDAgFw0yNjExMjkwMDM4NDBaGA8yMTI2',
  'MTEwNTAwMzg0MFowGDEWMBQGA1UEAwwNa2V5LWFncmVlbWVudDBZMBMGByqGSM49',
  'AgEGCCqGSM49AwEHA0IABFI1MUgKXXGA3VbeJrztFuLS0+0uIsrzvD6d/DiQa4K6',
  'aoPfzUwkKq9KV6DLELOJQJ/Ub746F3eNqoqmBhsiwx+jPzA9MAwGA1UdEwEB/wQC',
  'MAAwDgYDVR0PAQH/BAQDAgMIMB0GA1UdDgQWBBS7M+xbiUSUMS/ejbK+zDfNS0T6',
  'wTAKBggqhkjOPQQDAgNJADBGAiEA/UciPl8cNrFTO4f6yVij54rAxo0awObgtFl5',
  '8zzVTVACIQDaDz/E/b7Ff6dBnsNVkcHB3c9++EQbQWUs7cMAvgo9ew==',
  '-----END CERTIFICATE-----',
]);
/** An end entity with a critical private extension (1.3.6.1.4.1.55555.1). */
const UNKNOWN_CRITICAL = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBfzCCASSgAwIBAgIUVc3U+Sw4ednXS31Bte50zg9ixHMwCgYIKoZIzj0EAwIw',
  'GzEZMBcGA1UEAwwQdW5rbm93bi1jcml0aWNhbDAgFw0yNjExMjkwMDM4NDBaGA8y',
  'MTI2MTEwNTAwMzg0MFowGzEZMBcGA1UEAwwQdW5rbm93bi1jcml0aWNhbDBZMBMG',
  'ByqGSM49AgEGCCqGSM49AwEHA0IABJwUN4W47C2HswcTTwtFsl0vhWYthuDJHl0V',
  'yDMnzThQe6q2UWfegDv27OjkAAcjS32MINO0zlNF5o6v4cfMtbCjRDBCMAwGA1Ud',
  'EwEB/wQCMAAwEwYJKwYBBAGDsgMBAQH/BAMMAXgwHQYDVR0OBBYEFABZM94l9Oso',
  'EzbZFndwLdeOM6HzMAoGCCqGSM49BAMCA0kAMEYCIQDJPPPLOXgkPVrulQmI411W',
  'CbupawOw/5s0jtJc2bTtDwIhAO6g099Jtq9U1cHrlk5eUtmI05hnnh3NHsfLLkAm',
  '4UYq',
  '-----END CERTIFICATE-----',
]);
/** An end entity for TLS clients: digitalSignature, clientAuth. */
const TLS_CLIENT = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBgjCCASigAwIBAgIUGgHlM05lqZk0+fzfmfuM960JDxUwCgYIKoZIzj0EAwIw',
  'FTETMBEGA1UEAwwKdGxzLWNsaWVudDAgFw0yNjExMjkwMDM4NDBaGA8yMTI2MTEw',
  'NTAwMzg0MFowFTETMBEGA1UEAwwKdGxzLWNsaWVudDBZMBMGByqGSM49AgEGCCqG',
  'SM49AwEHA0IABHCyGwfXvZOF0JIO4rC+IrG25kWsXPYkEFO4HXM2bmIfCESm57qm',
  'rH68H3BU++8DeL8K9U4KrFdwGFg8iChsIHmjVDBSMAwGA1UdEwEB/wQCMAAwDgYD',
  'VR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMCMB0GA1UdDgQWBBSc3HJ+',
  'cHs/ec7APTMhBejJsYnrKjAKBggqhkjOPQQDAgNIADBFAiEAvn7SqG+1gW3YXFVF',
  '4QTQxah+k4rjn8JWI5jR3pZqgSQCICorEcWZfTt6SfBCsEjFLWrQlyu7lqzBX+pZ',
  'ztdst3BT',
  '-----END CERTIFICATE-----',
]);

/** No basic constraints, but the key usages of a CA (keyCertSign). */
const CA_USAGES_ONLY = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBczCCARmgAwIBAgIUODoLm4DCx8XhBkBMGzj+h1BRgtIwCgYIKoZIzj0EAwIw',
  'HzEdMBsGA1UEAwwUbm8gYmFzaWMgY29uc3RyYWludHMwIBcNMjYxMTI5MDA1MTM3',
  'WhgPMjEyNjExMDUwMDUxMzdaMB8xHTAbBgNVBAMMFG5vIGJhc2ljIGNvbnN0cmFp',
  'bnRzMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIKtNI5gP7UG7LK81hc1vSeZq',
  'y9+iXvltdovNA/gWDMoMgpa7eCxFL4hnz+WwUNngg36OqhCDc02abNmN7k1L+aMx',
  'MC8wDgYDVR0PAQH/BAQDAgKEMB0GA1UdDgQWBBSWrmMpJfVGkz64yRlP42koA8Pg',
  '4TAKBggqhkjOPQQDAgNIADBFAiBwX5VsATNFcB4Cf303E9M0KwJBuobfCzFNt7z0',
  'mlpucAIhAM3IPtzx+AtT3LPg1EbKX8fwsNGo+F1XHfBNf54kegmq',
  '-----END CERTIFICATE-----',
]);
/** A CA with a critical policy constraints extension. */
const POLICY_CA = pem([
  '-----BEGIN CERTIFICATE-----',
  'MIIBfzCCASWgAwIBAgIUa78v7nij5qZ1m3zTmsstD4zfsmMwCgYIKoZIzj0EAwIw',
  'FDESMBAGA1UEAwwJUG9saWN5IENBMCAXDTI2MTEyOTAwNTEzN1oYDzIxMjYxMTA1',
  'MDA1MTM3WjAUMRIwEAYDVQQDDAlQb2xpY3kgQ0EwWTATBgcqhkjOPQIBBggqhkjO',
  'PQMBBwNCAARzU1/yFgSgbmpTt84ZiANCF5N0sy/b6PMweJrKSwBWwvh90gbDlFsP',
  'fkBGFnpEWwgAdQbciQi2zwAgUcmkK4zMo1MwUTAPBgNVHRMBAf8EBTADAQH/MA4G',
  'A1UdDwEB/wQEAwICBDAPBgNVHSQBAf8EBTADgAEAMB0GA1UdDgQWBBSQ5JmKirHS',
  'pBPH4EMbSzEy0We0KzAKBggqhkjOPQQDAgNIADBFAiBtumq20/s/ZAAhxENst+SG',
  '06r9EUeISPikdlxrdHkAyQIhAPrKtIwjqNK1e8o+a8AEWVO+IDthbyQYAB0PyqoP',
  'nC3T',
  '-----END CERTIFICATE-----',
]);

describe('clientCertificateProblem (RFC 5280 §4.2)', () => {
  it('accepts an end entity for TLS clients, or one without key usage extensions', () => {
    expect(clientCertificateProblem(TLS_CLIENT)).toBeUndefined();
    expect(clientCertificateProblem(new X509Certificate(CLIENT_A))).toBeUndefined();
  });

  it.each([
    ['a CA', new X509Certificate(FIXTURE_CA), 'CA'],
    ['a self-signed CA', new X509Certificate(SELF_SIGNED), 'CA'],
    // Neither is a CA to OpenSSL's check (X509_check_ca), both are by RFC 5280 §4.2.1.9.
    ['CA:TRUE with digitalSignature only', NO_KEY_CERT_SIGN_CA, 'CA'],
    ["a CA's key usage without basic constraints", CA_USAGES_ONLY, 'CA'],
    ['a server certificate', SERVER_ONLY, 'clientAuth'],
    ['a key-agreement key', KEY_AGREEMENT_ONLY, 'digitalSignature'],
    ['an unknown critical extension', UNKNOWN_CRITICAL, '1.3.6.1.4.1.55555.1'],
  ])('refuses %s', (_what, certificate, named) => {
    expect(clientCertificateProblem(certificate)).toContain(named);
  });
});

describe('authorityProblem', () => {
  it('accepts a CA that may sign certificates', () => {
    expect(authorityProblem(new X509Certificate(FIXTURE_CA))).toBeUndefined();
  });

  it.each([
    ['an end entity', TLS_CLIENT, /CA:TRUE/],
    ['a CA without keyCertSign', NO_KEY_CERT_SIGN_CA, /CA:TRUE|keyCertSign/],
    [
      'a CA with name constraints, which Tessera does not apply',
      new X509Certificate(CONSTRAINED),
      /name constraints/,
    ],
    ['a CA with an unknown critical extension', POLICY_CA, /2\.5\.29\.36/],
  ])('refuses %s', (_what, certificate, named) => {
    expect(authorityProblem(certificate)).toMatch(named);
  });
});

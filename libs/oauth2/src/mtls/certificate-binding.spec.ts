import { X509Certificate, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidGrantError, InvalidRequestError } from '@tessera/kernel';
import { CLIENT_A } from '@tessera/testing';
import type { TokenRecord } from '../tokens/token-records';
import {
  certificateThumbprint,
  certificateToBind,
  checkCertificatePresented,
  checkRefreshCertificate,
} from './certificate-binding';

const record = (x5t?: string): TokenRecord => ({
  key: 'k',
  requestId: 'r',
  clientId: 'c',
  subject: 's',
  grantedScope: [],
  grantedAudience: [],
  session: { ext: {}, ...(x5t ? { cnf: { 'x5t#S256': x5t } } : {}) },
  requestedAt: new Date(0),
  expiresAt: new Date(1),
});
const bound = { tls_client_certificate_bound_access_tokens: true };
const unbound = { tls_client_certificate_bound_access_tokens: false };

describe('certificate-bound access tokens (RFC 8705 §3, §4)', () => {
  it('computes x5t#S256 as base64url SHA-256 of the DER', () => {
    const certificate = new X509Certificate(CLIENT_A);
    const expected = createHash('sha256').update(certificate.raw).digest('base64url');
    expect(certificateThumbprint(certificate)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('binds only for clients that registered bound tokens, and refuses them without a certificate', () => {
    expect(certificateToBind(bound, 'x5t')).toBe('x5t');
    expect(certificateToBind(unbound, 'x5t')).toBeUndefined();
    expect(() => checkCertificatePresented(bound, undefined)).toThrow(InvalidRequestError);
    expect(() => checkCertificatePresented(bound, 'x5t')).not.toThrow();
    expect(() => checkCertificatePresented(unbound, undefined)).not.toThrow();
  });

  it("refreshes a public client's bound refresh token only with its certificate", () => {
    const publicClient = { token_endpoint_auth_method: 'none' };
    expect(() => checkRefreshCertificate(record('x5t'), publicClient, 'x5t')).not.toThrow();
    for (const presented of ['other', undefined]) {
      expect(() => checkRefreshCertificate(record('x5t'), publicClient, presented)).toThrow(
        InvalidGrantError,
      );
    }
    expect(() => checkRefreshCertificate(record(), publicClient, undefined)).not.toThrow();
    const confidential = { token_endpoint_auth_method: 'tls_client_auth' };
    expect(() => checkRefreshCertificate(record('x5t'), confidential, 'other')).not.toThrow();
  });
});

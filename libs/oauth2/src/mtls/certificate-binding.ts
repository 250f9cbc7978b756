import { createHash, type X509Certificate } from 'node:crypto';
import type { OAuth2Client } from '@tessera/clients';
import { InvalidGrantError, InvalidRequestError } from '@tessera/kernel';
import type { TokenRecord } from '../tokens/token-records';

/** RFC 8705 §3.1 `x5t#S256`: base64url SHA-256 of the certificate's DER. */
export function certificateThumbprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('base64url');
}

/**
 * RFC 8705 §3: the thumbprint the client's new access tokens are bound to — the certificate of
 * the request when it registered `tls_client_certificate_bound_access_tokens`, else none.
 */
export function certificateToBind(
  client: Pick<OAuth2Client, 'tls_client_certificate_bound_access_tokens'>,
  thumbprint: string | undefined,
): string | undefined {
  return client.tls_client_certificate_bound_access_tokens ? thumbprint : undefined;
}

/**
 * A client that registered certificate-bound access tokens gets none without a certificate:
 * it would silently receive a bearer token instead (`invalid_request`, before anything is used up).
 */
export function checkCertificatePresented(
  client: Pick<OAuth2Client, 'tls_client_certificate_bound_access_tokens'>,
  thumbprint: string | undefined,
): void {
  if (client.tls_client_certificate_bound_access_tokens && thumbprint === undefined) {
    throw new InvalidRequestError().withHint(
      'The OAuth 2.0 Client registered certificate-bound access tokens (RFC 8705 §3); present its certificate in the TLS handshake.',
    );
  }
}

/**
 * RFC 8705 §4: the refresh token of a public client is bound to the certificate its tokens were
 * issued for, and refreshed only with it (`invalid_grant`). A confidential client authenticates
 * at every refresh, so it may change certificates.
 */
export function checkRefreshCertificate(
  record: TokenRecord,
  client: Pick<OAuth2Client, 'token_endpoint_auth_method'>,
  thumbprint: string | undefined,
): void {
  const bound = record.session.cnf?.['x5t#S256'];
  if (bound === undefined || client.token_endpoint_auth_method !== 'none') return;
  if (thumbprint !== bound) {
    throw new InvalidGrantError().withHint(
      'The refresh token is bound to another client certificate than the one of this request.',
    );
  }
}

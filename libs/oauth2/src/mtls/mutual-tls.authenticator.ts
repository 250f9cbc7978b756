import { type X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { JsonWebKeySet, OAuth2Client, TlsClientAuthMethod } from '@tessera/clients';
import { InvalidClientError } from '@tessera/kernel';
import { ClientKeySets } from '../client-auth/client-key-sets';
import { certificateNamesClient } from './certificate-subject';
import { ClientCertificateAuthorities } from './client-certificate-authorities';

/**
 * Client authentication with the certificate of the TLS connection (RFC 8705 §2): the client
 * sends only its `client_id`, and the certificate must be the one it registered.
 * `tls_client_auth` (§2.1): issued by a trusted CA, naming the client by its one registered
 * `tls_client_auth_*` value. `self_signed_tls_client_auth` (§2.2): one of the certificates in the
 * `x5c` of the client's key set, byte for byte; no CA takes part.
 */
@Injectable()
export class MutualTlsClientAuthenticator {
  constructor(
    private readonly authorities: ClientCertificateAuthorities,
    private readonly keySets: ClientKeySets,
  ) {}

  async verify(
    client: OAuth2Client,
    method: TlsClientAuthMethod,
    certificate: X509Certificate | undefined,
  ): Promise<void> {
    if (certificate === undefined) {
      throw new InvalidClientError().withHint(
        `The OAuth 2.0 Client authenticates with '${method}': present its certificate in the TLS handshake (RFC 8705).`,
      );
    }
    if (method === 'tls_client_auth') return this.verifyIssued(client, certificate);
    if (!(await this.registered(client, certificate))) {
      throw new InvalidClientError().withHint(
        "The client certificate is not one of the certificates (x5c) of the client's JSON Web Key Set.",
      );
    }
  }

  private verifyIssued(client: OAuth2Client, certificate: X509Certificate): void {
    if (!this.authorities.issued(certificate)) {
      throw new InvalidClientError().withHint(
        'The client certificate is not issued by a trusted certificate authority, or is not valid now.',
      );
    }
    if (!certificateNamesClient(certificate, client)) {
      throw new InvalidClientError().withHint(
        "The client certificate does not carry the client's registered tls_client_auth subject.",
      );
    }
  }

  /** Whether the certificate is in the key set; a `jwks_uri` is fetched again once on a miss. */
  private async registered(client: OAuth2Client, certificate: X509Certificate): Promise<boolean> {
    try {
      if (holds(await this.keySets.keySet(client), certificate)) return true;
      return client.jwks === null && holds(await this.keySets.keySet(client, true), certificate);
    } catch {
      // An unreachable or broken jwks_uri proves nothing.
      return false;
    }
  }
}

/** Whether some key's `x5c` (RFC 7517 §4.7: base64 DER, the key's own certificate first) is it. */
function holds(keySet: JsonWebKeySet | undefined, certificate: X509Certificate): boolean {
  return (keySet?.keys ?? []).some((key) => {
    const chain = key.x5c;
    if (!Array.isArray(chain) || typeof chain[0] !== 'string') return false;
    return Buffer.from(chain[0], 'base64').equals(certificate.raw);
  });
}

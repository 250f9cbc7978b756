import type { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type OAuth2Client,
  ClientSecretVerifier,
  ClientStore,
  usesTlsClientAuth,
} from '@tessera/clients';
import { InvalidClientError, InvalidRequestError } from '@tessera/kernel';
import type { OAuthForm } from '../oauth-form';
import { type BasicCredentials, isBasicScheme, parseBasicCredentials } from './basic-credentials';
import { MutualTlsClientAuthenticator } from '../mtls/mutual-tls.authenticator';
import { ClientAssertionVerifier, JWT_BEARER_ASSERTION_TYPE } from './client-assertion.verifier';

/** The credentials of a request to the token or revocation endpoint. */
export interface ClientCredentialsRequest {
  readonly form: OAuthForm;
  readonly authorization?: string;
  /** The client certificate of the TLS connection, when mTLS is on (RFC 8705 §2). */
  readonly certificate?: X509Certificate;
}

type Presented =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; secret: string }
  | { method: 'private_key_jwt'; clientId: string; assertion: string }
  | { method: 'none'; clientId: string };

const BASIC_CHALLENGE = 'Basic realm="oauth2"';

/**
 * Authenticates the client of a token-endpoint request (RFC 6749 §2.3, RFC 7523 §2.2): exactly one
 * method — HTTP Basic, `client_secret` in the body, a `private_key_jwt` assertion, or only
 * `client_id` for public clients and for those that authenticate with their TLS certificate
 * (RFC 8705 §2) — and it must be the client's registered `token_endpoint_auth_method`. Failures
 * are 401 `invalid_client`, with `WWW-Authenticate: Basic` when Basic was tried (RFC 6749 §5.2).
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly clients: ClientStore,
    private readonly secrets: ClientSecretVerifier,
    private readonly assertions: ClientAssertionVerifier,
    private readonly mutualTls: MutualTlsClientAuthenticator,
  ) {}

  async authenticate(request: ClientCredentialsRequest): Promise<OAuth2Client> {
    const basicTried = isBasicScheme(request.authorization);
    try {
      const presented = this.presented(request);
      const client = await this.clients.findById(presented.clientId);
      if (!client) throw new InvalidClientError();
      await this.verify(client, presented, request.certificate);
      return client;
    } catch (error) {
      if (basicTried && error instanceof InvalidClientError)
        throw error.withHeader('WWW-Authenticate', BASIC_CHALLENGE);
      throw error;
    }
  }

  private presented(request: ClientCredentialsRequest): Presented {
    const { form } = request;
    const basic = parseBasicCredentials(request.authorization);
    const assertionType = form.get('client_assertion_type');
    const formSecret = form.get('client_secret');
    const formClientId = form.get('client_id');
    const methods = [
      basic !== undefined,
      formSecret !== undefined,
      assertionType !== undefined,
    ].filter(Boolean).length;
    if (methods > 1) {
      throw new InvalidRequestError().withHint(
        'The client used more than one authentication method; use exactly one (RFC 6749 §2.3).',
      );
    }
    if (assertionType !== undefined)
      return this.presentedAssertion(form, assertionType, formClientId);
    if (basic !== undefined) return this.presentedBasic(basic, formClientId);
    if (formClientId === undefined) {
      throw new InvalidClientError().withHint(
        'Client credentials missing or malformed in both HTTP Authorization header and HTTP POST body.',
      );
    }
    if (formSecret !== undefined)
      return { method: 'client_secret_post', clientId: formClientId, secret: formSecret };
    return { method: 'none', clientId: formClientId };
  }

  private presentedBasic(
    basic: BasicCredentials | 'malformed',
    formClientId: string | undefined,
  ): Presented {
    if (basic === 'malformed') {
      throw new InvalidClientError().withHint(
        'The HTTP Basic authorization header is not base64 of the form-url-encoded client_id:client_secret.',
      );
    }
    if (formClientId !== undefined && formClientId !== basic.clientId) {
      throw new InvalidRequestError().withHint(
        'The client_id in the body does not match the one in the HTTP Basic authorization header.',
      );
    }
    // A public client may send Basic with an empty password (Hydra accepts it).
    return basic.secret === ''
      ? { method: 'none', clientId: basic.clientId }
      : { method: 'client_secret_basic', ...basic };
  }

  private presentedAssertion(
    form: OAuthForm,
    type: string,
    formClientId: string | undefined,
  ): Presented {
    if (type !== JWT_BEARER_ASSERTION_TYPE)
      throw new InvalidRequestError().withHint(`Unknown client_assertion_type '${type}'.`);
    const assertion = form.get('client_assertion');
    if (assertion === undefined) {
      throw new InvalidRequestError().withHint(
        `The client_assertion request parameter must be set when using client_assertion_type of '${type}'.`,
      );
    }
    return {
      method: 'private_key_jwt',
      clientId: this.assertions.claimedClientId(assertion, formClientId),
      assertion,
    };
  }

  private async verify(
    client: OAuth2Client,
    presented: Presented,
    certificate: X509Certificate | undefined,
  ): Promise<void> {
    const registered = client.token_endpoint_auth_method || 'client_secret_basic';
    // RFC 8705 §2: the request names the client only; the certificate is the credential.
    if (usesTlsClientAuth(registered) && presented.method === 'none')
      return this.mutualTls.verify(client, registered, certificate);
    if (registered !== presented.method) {
      throw new InvalidClientError().withHint(
        `The OAuth 2.0 Client supports client authentication method '${registered}', but method '${presented.method}' was requested. You must configure the OAuth 2.0 client's 'token_endpoint_auth_method' value to accept '${presented.method}'.`,
      );
    }
    if (presented.method === 'private_key_jwt')
      return this.assertions.verify(client, presented.assertion);
    if (presented.method === 'none') return;
    if (!(await this.secrets.verify(client, presented.secret))) throw new InvalidClientError();
  }
}

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonWebKeySet, OAuth2Client } from '@tessera/clients';
import { InvalidClientError } from '@tessera/kernel';
import { CLIENT_A, CLIENT_A_OF_OTHER_CA, aClient, SELF_SIGNED } from '@tessera/testing';
import type { ClientKeySets } from '../client-auth/client-key-sets';
import type { ClientCertificateAuthorities } from './client-certificate-authorities';
import { MutualTlsClientAuthenticator } from './mutual-tls.authenticator';

const clientA = new X509Certificate(CLIENT_A);
const selfSigned = new X509Certificate(SELF_SIGNED);
const x5c = (certificate: X509Certificate) => ({
  kty: 'EC',
  x5c: [certificate.raw.toString('base64')],
});

/** Trusts exactly CLIENT_A, as a CA list holding its issuer would. */
const authorities = {
  issued: (certificate: X509Certificate) => certificate.raw.equals(clientA.raw),
} as unknown as ClientCertificateAuthorities;

/** A jwks_uri that serves `sets` one after the other, counting fetches. */
function keySets(...sets: JsonWebKeySet[]) {
  const calls: boolean[] = [];
  const fake = {
    keySet: async (client: OAuth2Client, refresh = false) => {
      calls.push(refresh);
      return client.jwks ?? sets[Math.min(calls.length - 1, sets.length - 1)];
    },
  } as unknown as ClientKeySets;
  return { fake, calls };
}

async function refusal(promise: Promise<void>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('MutualTlsClientAuthenticator (RFC 8705 §2)', () => {
  const dnClient = aClient({
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: 'CN=client-a,O=Example\\, Inc',
  });

  it('accepts a trusted certificate naming the client, and nothing else', async () => {
    const mtls = new MutualTlsClientAuthenticator(authorities, keySets().fake);
    await expect(mtls.verify(dnClient, 'tls_client_auth', clientA)).resolves.toBeUndefined();
    for (const certificate of [undefined, new X509Certificate(CLIENT_A_OF_OTHER_CA), selfSigned]) {
      const error = await refusal(mtls.verify(dnClient, 'tls_client_auth', certificate));
      expect(error).toBeInstanceOf(InvalidClientError);
    }
    const other = { ...dnClient, tls_client_auth_subject_dn: 'CN=client-b,O=Example\\, Inc' };
    expect(await refusal(mtls.verify(other, 'tls_client_auth', clientA))).toBeInstanceOf(
      InvalidClientError,
    );
  });

  it('accepts a self-signed certificate only when it is in the x5c of a registered key', async () => {
    const client = aClient({
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      jwks: { keys: [{ kty: 'EC' }, x5c(selfSigned)] },
    });
    const mtls = new MutualTlsClientAuthenticator(authorities, keySets().fake);
    const method = 'self_signed_tls_client_auth';
    await expect(mtls.verify(client, method, selfSigned)).resolves.toBeUndefined();
    expect(await refusal(mtls.verify(client, method, clientA))).toBeInstanceOf(InvalidClientError);
  });

  it('fetches a jwks_uri again once when the certificate is not in it, as after a rotation', async () => {
    const client = aClient({
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      jwks: null,
      jwks_uri: 'https://client.example.com/jwks.json',
    });
    const rotated = keySets({ keys: [x5c(clientA)] }, { keys: [x5c(selfSigned)] });
    const method = 'self_signed_tls_client_auth';
    await new MutualTlsClientAuthenticator(authorities, rotated.fake).verify(
      client,
      method,
      selfSigned,
    );
    expect(rotated.calls).toEqual([false, true]);
    const failing = {
      keySet: async () => Promise.reject(new Error('unreachable')),
    } as unknown as ClientKeySets;
    const error = await refusal(
      new MutualTlsClientAuthenticator(authorities, failing).verify(client, method, selfSigned),
    );
    expect(error).toBeInstanceOf(InvalidClientError);
  });
});

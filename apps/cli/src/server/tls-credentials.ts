import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { ListenerTls, PemSource } from '@tessera/config';
import { CliError } from '../cli-io';

/** The certificate chain and key a listener serves HTTPS with (Node's `https` options). */
export interface TlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Reads the PEMs of `serve.<listener>.tls` / `serve.tls`: from a file, or decoded from base64.
 * A missing file or a value that is not PEM stops the server with the key's name, never with the
 * key's content.
 */
export function readTlsCredentials(listener: 'public' | 'admin', tls: ListenerTls): TlsCredentials {
  const credentials = {
    cert: readPem(`serve.${listener}.tls.cert`, tls.cert),
    key: readPem(`serve.${listener}.tls.key`, tls.key),
  };
  // What the listener will do with them, now: a broken certificate, an encrypted key or one of
  // another certificate stops the server here with the keys' names, not later with OpenSSL's.
  usable(`serve.${listener}.tls.cert: is not a certificate chain`, { cert: credentials.cert });
  usable(
    `serve.${listener}.tls.key: is not the unencrypted private key of the certificate`,
    credentials,
  );
  return credentials;
}

function readPem(name: string, source: PemSource): Buffer {
  let pem: Buffer;
  try {
    pem = source.path ? readFileSync(source.path) : Buffer.from(source.base64 ?? '', 'base64');
  } catch {
    throw new CliError(`${name}: cannot read the file ${source.path ?? ''}`);
  }
  if (!pem.toString('latin1').includes('-----BEGIN ')) {
    throw new CliError(`${name}: is not PEM (expected a "-----BEGIN" line)`);
  }
  return pem;
}

function usable(problem: string, options: { cert: Buffer; key?: Buffer }): void {
  try {
    createSecureContext(options);
  } catch {
    throw new CliError(problem);
  }
}

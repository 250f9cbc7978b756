import { X509Certificate } from 'node:crypto';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import type { TesseraConfig } from '@tessera/config';
import { CLIENT_A } from '@tessera/testing';
import { ClientCertificateReader, parseForwardedCertificate } from './client-certificate.reader';

const certificate = new X509Certificate(CLIENT_A);
const body = CLIENT_A.split('\n').slice(1, -1).join('');

function reader(enabled = true, header = 'x-client-cert'): ClientCertificateReader {
  const mtls = { enabled, certificate_header: header, trusted_proxies: ['10.0.0.0/8'] };
  return new ClientCertificateReader({ oauth2: { mtls } } as unknown as TesseraConfig);
}

function request(peer: string, value?: string): Request {
  return {
    socket: { remoteAddress: peer },
    headers: value === undefined ? {} : { 'x-client-cert': value },
  } as unknown as Request;
}

describe('parseForwardedCertificate', () => {
  it.each([
    ['URL-encoded PEM (nginx $ssl_client_escaped_cert)', encodeURIComponent(`${CLIENT_A}\n`)],
    ['PEM with its line breaks folded into spaces', CLIENT_A.replace(/\n/g, ' ')],
    ['base64 DER', body],
    [
      "Envoy's X-Forwarded-Client-Cert, last element",
      `By=spiffe://a;Cert="x",By=spiffe://b;Hash=ab;Cert="${encodeURIComponent(CLIENT_A)}";Subject="CN=x"`,
    ],
  ])('reads %s', (_how, value) => {
    expect(parseForwardedCertificate(value)?.raw.equals(certificate.raw)).toBe(true);
  });

  it.each([
    '',
    'garbage',
    '%E0%A4%A',
    `${body.slice(0, 40)}`,
    'Cert="%%%"',
    '-----BEGIN CERTIFICATE-----',
  ])('reads no certificate from %j', (value) => {
    expect(parseForwardedCertificate(value)).toBeUndefined();
  });
});

describe('ClientCertificateReader (RFC 8705)', () => {
  it('believes the header only from a trusted proxy', () => {
    expect(reader().read(request('10.1.2.3', body))?.raw.equals(certificate.raw)).toBe(true);
    expect(reader().read(request('::ffff:10.1.2.3', body))).toBeDefined();
    expect(reader().read(request('198.51.100.7', body))).toBeUndefined();
    expect(reader().read(request('10.1.2.3'))).toBeUndefined();
  });

  it('reads nothing while mTLS is off, or without a header name', () => {
    expect(reader(false).read(request('10.1.2.3', body))).toBeUndefined();
    expect(reader(true, '').read(request('10.1.2.3', body))).toBeUndefined();
  });
});

import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TesseraConfig } from '@tessera/config';
import { CLIENT_A, CLIENT_A_OF_OTHER_CA } from '@tessera/testing';
import { ClientCertificateReader, parseForwardedCertificate } from './client-certificate.reader';

const certificate = new X509Certificate(CLIENT_A);
const body = CLIENT_A.split('\n').slice(1, -1).join('');
const forged = encodeURIComponent(CLIENT_A_OF_OTHER_CA);
const proxyElement = `By=spiffe://tessera;Hash=ab;Cert="${encodeURIComponent(CLIENT_A)}";Subject="CN=client-a,O=Example"`;

function reader(enabled = true, header = 'x-client-cert'): ClientCertificateReader {
  const mtls = { enabled, certificate_header: header, trusted_proxies: ['10.0.0.0/8'] };
  return new ClientCertificateReader({ oauth2: { mtls } } as unknown as TesseraConfig);
}

function request(peer: string, value?: string, tlsCertificate?: X509Certificate): Request {
  const socket = tlsCertificate
    ? Object.assign(Object.create(TLSSocket.prototype) as TLSSocket, {
        getPeerX509Certificate: () => tlsCertificate,
      })
    : {};
  Object.defineProperty(socket, 'remoteAddress', { value: peer });
  return {
    socket,
    headers: value === undefined ? {} : { 'x-client-cert': value },
    rawHeaders: value === undefined ? [] : ['X-Client-Cert', value],
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
    [
      "Envoy's XFCC after the caller's own element, with commas in quoted values",
      `Cert="${forged}",${proxyElement}`,
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
    // The caller's own element before the proxy's (Envoy APPEND_FORWARD) holds no sway.
    `Cert="${forged}",By=spiffe://tessera;Hash=ab;Subject="CN=a,O=b"`,
    `Cert="${forged}",By=spiffe://tessera;Hash=ab`,
    // A caller's unbalanced quote or repeated key would swallow the proxy's element.
    `Cert=${forged};Subject=",${proxyElement}`,
    `Cert=${forged};By="a,${proxyElement}`,
    `By=a;Cert="${forged}"x,${proxyElement}`,
    `${proxyElement};Cert="${forged}"`,
    // The header sent twice, or two certificates in one value: which one is the proxy's?
    `${forged}, ${encodeURIComponent(CLIENT_A)}`,
    `${CLIENT_A}\n${CLIENT_A_OF_OTHER_CA}`,
  ])('reads no certificate from %j', (value) => {
    expect(parseForwardedCertificate(value)).toBeUndefined();
  });
});

describe('parseForwardedCertificate before a proxy that appends its XFCC element', () => {
  // What a caller may write before the element its proxy appends (Envoy APPEND_FORWARD): pieces
  // of XFCC syntax and a certificate of its choosing, in any order.
  const callerText = fc
    .array(
      fc.constantFrom(
        `Cert=${forged}`,
        `Cert="${forged}"`,
        'By=a',
        'Hash=ab',
        'Subject="',
        'Subject="CN=a,O=b"',
        'x="',
        '"',
        '\\',
        ',',
        ';',
        ' ',
      ),
      { maxLength: 8 },
    )
    .map((pieces) => pieces.join(''));
  const uriElement = `By=spiffe://tessera;Hash=ab;Cert="${encodeURIComponent(CLIENT_A)}";URI=spiffe://example.com/a`;

  it.each([
    ['with a Subject', proxyElement],
    ['with a URI', uriElement],
  ])("never yields a certificate but the proxy's (its element %s)", (_shape, element) => {
    fc.assert(
      fc.property(callerText, (prefix) => {
        const found = parseForwardedCertificate(`${prefix},${element}`);
        expect(found === undefined || found.raw.equals(certificate.raw)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ClientCertificateReader (RFC 8705)', () => {
  it('believes the header only from a trusted proxy', () => {
    expect(reader().read(request('10.1.2.3', body))?.raw.equals(certificate.raw)).toBe(true);
    expect(reader().read(request('::ffff:10.1.2.3', body))).toBeDefined();
    expect(reader().read(request('198.51.100.7', body))).toBeUndefined();
    expect(reader().read(request('10.1.2.3'))).toBeUndefined();
  });

  it("takes a TLS peer's certificate, except from a trusted proxy: its own names no client", () => {
    const proxyOwn = new X509Certificate(CLIENT_A_OF_OTHER_CA);
    expect(reader().read(request('198.51.100.7', body, proxyOwn))).toBe(proxyOwn);
    expect(
      reader()
        .read(request('10.1.2.3', body, proxyOwn))
        ?.raw.equals(certificate.raw),
    ).toBe(true);
    expect(reader().read(request('10.1.2.3', undefined, proxyOwn))).toBeUndefined();
    expect(reader(true, '').read(request('10.1.2.3', undefined, proxyOwn))).toBeUndefined();
  });

  it('reads a header value once, and gives the same certificate for it again', () => {
    const reading = reader();
    const first = reading.read(request('10.1.2.3', body));
    expect(first?.raw.equals(certificate.raw)).toBe(true);
    expect(reading.read(request('10.1.2.3', body))).toBe(first);
    expect(reading.read(request('10.1.2.3', 'garbage'))).toBeUndefined();
    expect(reading.read(request('10.1.2.3', 'garbage'))).toBeUndefined();
  });

  it('reads no certificate from a header sent twice, even if Node kept one value', () => {
    const twice = request('10.1.2.3', body);
    (twice as unknown as { rawHeaders: string[] }).rawHeaders = [
      'x-client-cert',
      body,
      'X-CLIENT-CERT',
      body,
    ];
    expect(reader().read(twice)).toBeUndefined();
  });

  it('reads nothing while mTLS is off, or without a header name', () => {
    expect(reader(false).read(request('10.1.2.3', body))).toBeUndefined();
    expect(reader(true, '').read(request('10.1.2.3', body))).toBeUndefined();
  });
});

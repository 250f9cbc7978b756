import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TesseraConfig } from '@tessera/config';
import { ClientAddressResolver } from './client-address';

/**
 * The client certificate of a request (RFC 8705 §2, §3), when `oauth2.mtls.enabled`. From one of
 * `oauth2.mtls.trusted_proxies`, when `oauth2.mtls.certificate_header` is set: the certificate
 * the proxy forwarded in that header, or none. From any other peer: the certificate its TLS
 * handshake with the public listener presented, or none; the header is anyone's to write, and is
 * ignored.
 */
@Injectable()
export class ClientCertificateReader {
  private readonly enabled: boolean;
  private readonly header: string;
  private readonly proxies: ClientAddressResolver;

  constructor(config: TesseraConfig) {
    const { enabled, certificate_header, trusted_proxies } = config.oauth2.mtls;
    this.enabled = enabled;
    this.header = certificate_header;
    this.proxies = new ClientAddressResolver(trusted_proxies);
  }

  read(request: Request): X509Certificate | undefined {
    if (!this.enabled) return undefined;
    // A trusted proxy speaks for the client in the header. Its own TLS certificate, when it
    // re-encrypts to Tessera, names the proxy, not the client, and must never stand for one.
    if (this.header !== '' && this.proxies.peerIsTrusted(request)) {
      const value = request.headers[this.header];
      return typeof value === 'string' ? parseForwardedCertificate(value) : undefined;
    }
    const socket = request.socket;
    return socket instanceof TLSSocket ? socket.getPeerX509Certificate() : undefined;
  }
}

const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
/** The keys of Envoy's `X-Forwarded-Client-Cert` elements; a value starting with one is XFCC. */
const XFCC = /^\s*(?:By|Hash|Cert|Chain|Subject|URI|DNS)=/i;

/**
 * A certificate as proxies forward it: URL-encoded PEM (nginx `$ssl_client_escaped_cert`, AWS
 * ALB), PEM with folded lines, base64 DER (Traefik), or Envoy's `X-Forwarded-Client-Cert`. Of
 * XFCC only the last element counts — the one the nearest proxy added; earlier ones are the
 * caller's to write — and only its `Cert`. Any other value holding a comma (the header sent
 * twice, which Node joins with `, `) or more than one certificate is refused: there is no telling
 * which is the proxy's. Anything refused is no certificate: the client then presented none.
 */
export function parseForwardedCertificate(value: string): X509Certificate | undefined {
  const text = XFCC.test(value) ? lastElementCertificate(value) : value.trim();
  if (text === undefined || text.includes(',')) return undefined;
  try {
    const decoded = text.includes('%') ? decodeURIComponent(text) : text;
    const pems = [...decoded.matchAll(PEM)];
    if (pems.length > 1) return undefined;
    const body = (pems.length === 1 ? pems[0][1] : decoded).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
    return new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    return undefined;
  }
}

/** The `Cert` of the last XFCC element, read with its quotes in mind (`Subject="CN=a,O=b"`). */
function lastElementCertificate(value: string): string | undefined {
  const elements = splitQuoted(value, ',');
  const pairs = splitQuoted(elements[elements.length - 1], ';');
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim().toLowerCase() !== 'cert') continue;
    const raw = pair.slice(equals + 1).trim();
    return raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return undefined;
}

/** `text` split at each `separator` outside double quotes (where `\"` is a quote). */
function splitQuoted(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted && character === '\\') index += 1;
    else if (character === '"') quoted = !quoted;
    else if (!quoted && character === separator) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

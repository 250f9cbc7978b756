import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TesseraConfig } from '@tessera/config';
import { setBounded } from '@tessera/kernel';
import { ClientAddressResolver } from './client-address';
import { parseXfcc } from './forwarded-client-cert';

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
  /** Certificates by header value: a client behind the proxy sends the same one every time. */
  private readonly parsed = new Map<string, X509Certificate | null>();

  constructor(config: TesseraConfig) {
    const { enabled, certificate_header, trusted_proxies } = config.oauth2.mtls;
    this.enabled = enabled;
    this.header = certificate_header;
    this.proxies = new ClientAddressResolver(trusted_proxies);
  }

  read(request: Request): X509Certificate | undefined {
    if (!this.enabled) return undefined;
    // A trusted proxy speaks for the client in the header alone. Its own TLS certificate, when it
    // re-encrypts to Tessera, names the proxy, not the client, and must never stand for one.
    if (this.proxies.peerIsTrusted(request)) return this.forwarded(request);
    const socket = request.socket;
    return socket instanceof TLSSocket ? socket.getPeerX509Certificate() : undefined;
  }

  /** The header's certificate; none when the header is absent, or sent more than once. */
  private forwarded(request: Request): X509Certificate | undefined {
    if (this.header === '') return undefined;
    const raw = request.rawHeaders;
    let sent = 0;
    for (let index = 0; index < raw.length; index += 2) {
      if (raw[index].toLowerCase() === this.header) sent += 1;
    }
    const value = request.headers[this.header];
    return sent === 1 && typeof value === 'string' ? this.parse(value) : undefined;
  }

  /** `parseForwardedCertificate`, remembered for the latest `MAX_REMEMBERED` values. */
  private parse(value: string): X509Certificate | undefined {
    let certificate = this.parsed.get(value);
    if (certificate === undefined) {
      certificate = parseForwardedCertificate(value) ?? null;
      setBounded(this.parsed, value, certificate, MAX_REMEMBERED);
    }
    return certificate ?? undefined;
  }
}

/** How many header values the reader remembers with their certificate; the oldest go first. */
const MAX_REMEMBERED = 1_000;
const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
/** A value starting with an XFCC key is Envoy's `X-Forwarded-Client-Cert`. */
const XFCC = /^\s*(?:By|Hash|Cert|Chain|Subject|URI|DNS)=/i;

/**
 * A certificate as proxies forward it: URL-encoded PEM (nginx `$ssl_client_escaped_cert`, AWS
 * ALB), PEM with folded lines, base64 DER (Traefik), or Envoy's `X-Forwarded-Client-Cert`. Of
 * XFCC only the last element counts — the one the nearest proxy added; earlier ones are the
 * caller's to write — and only its `Cert`; XFCC out of form (`parseXfcc`) counts as none. Any
 * other value holding a comma or more than one certificate is refused: there is no telling which
 * is the proxy's. Anything refused is no certificate: the client then presented none.
 */
export function parseForwardedCertificate(value: string): X509Certificate | undefined {
  const text = XFCC.test(value) ? parseXfcc(value)?.at(-1)?.get('cert') : value.trim();
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

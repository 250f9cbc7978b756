import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TesseraConfig } from '@tessera/config';
import { ClientAddressResolver } from './client-address';

/**
 * The client certificate of a request (RFC 8705 §2, §3), when `oauth2.mtls.enabled`: the one the
 * TLS handshake of the public listener received, else the one a TLS-terminating proxy forwarded
 * in `oauth2.mtls.certificate_header`. That header is anyone's to write, so it is believed only
 * when the TCP peer is one of `oauth2.mtls.trusted_proxies`; from anyone else it is ignored.
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
    const socket = request.socket;
    if (socket instanceof TLSSocket) {
      const presented = socket.getPeerX509Certificate();
      if (presented !== undefined) return presented;
    }
    if (this.header === '' || !this.proxies.peerIsTrusted(request)) return undefined;
    const value = request.headers[this.header];
    return typeof value === 'string' ? parseForwardedCertificate(value) : undefined;
  }
}

const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/**
 * A certificate as proxies forward it: URL-encoded PEM (nginx `$ssl_client_escaped_cert`, AWS
 * ALB), PEM with folded lines, base64 DER (Traefik), or the last element of Envoy's
 * `X-Forwarded-Client-Cert` — the one its nearest proxy added — with `Cert="<URL-encoded PEM>"`.
 * Anything else is no certificate: the client then simply presented none.
 */
export function parseForwardedCertificate(value: string): X509Certificate | undefined {
  const elements = value.split(',');
  const envoy = /(?:^|;)\s*Cert="([^"]*)"/i.exec(elements[elements.length - 1]);
  let text = envoy ? envoy[1] : value.trim();
  try {
    if (text.includes('%')) text = decodeURIComponent(text);
    const pem = PEM.exec(text);
    const body = (pem ? pem[1] : text).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
    return new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    return undefined;
  }
}

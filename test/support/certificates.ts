import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, type HttpAnswer } from './http';

type Json = Record<string, unknown>;

/** A certificate and its private key, both PEM. */
export interface Pem {
  readonly cert: string;
  readonly key: string;
}

/**
 * How to issue a certificate: its SANs (`DNS:a.example`, `IP:192.0.2.1`, ...), whether it is long
 * expired, and extensions of OpenSSL's `-addext` form (`extendedKeyUsage=serverAuth`; one of
 * `basicConstraints` replaces the default `CA:FALSE`).
 */
export interface IssueOptions {
  readonly san?: readonly string[];
  readonly expired?: boolean;
  readonly extensions?: readonly string[];
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const END_ENTITY = ['-addext', 'basicConstraints=critical,CA:FALSE'];
/** The validity of an expired certificate: one day in January 2020. */
const EXPIRED = ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'];

function extensionArgs(extensions: readonly string[] = []): string[] {
  const basic = extensions.some((extension) => extension.startsWith('basicConstraints'));
  return (basic ? [] : END_ENTITY).concat(
    extensions.flatMap((extension) => ['-addext', extension]),
  );
}

const sanArgs = (san: readonly string[] = []): string[] =>
  san.length === 0 ? [] : ['-addext', `subjectAltName=${san.join(',')}`];

/**
 * Makes test certificates with the `openssl` command (EC P-256 keys) in a temporary directory:
 * CAs, certificates they issue (with a subject in OpenSSL's `/O=Example/CN=client-a` form and
 * optional SANs), self-signed ones, and expired ones. Minimal configuration files of its own keep
 * the system's `openssl.cnf` out of the way. Make them once per file, in `beforeAll`.
 */
export class CertificateWorkshop {
  private readonly dir = mkdtempSync(join(tmpdir(), 'tessera-mtls-'));
  private count = 0;
  private readonly reqConfig = join(this.dir, 'req.cnf');
  private readonly caConfig = join(this.dir, 'ca.cnf');

  constructor() {
    writeFileSync(this.reqConfig, '[ req ]\ndistinguished_name = dn\n[ dn ]\n');
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
    writeFileSync(
      this.caConfig,
      [
        '[ ca ]',
        'default_ca = test_ca',
        '[ test_ca ]',
        `database = ${join(this.dir, 'index.txt')}`,
        `new_certs_dir = ${this.dir}`,
        `serial = ${join(this.dir, 'serial')}`,
        'default_md = sha256',
        'policy = any_subject',
        'copy_extensions = copy',
        'unique_subject = no',
        '[ any_subject ]',
        'commonName = optional',
        '',
      ].join('\n'),
    );
  }

  /** A CA: a key and a self-signed certificate allowed to sign others. */
  authority(name: string): Pem {
    return this.selfSignedWith(`/CN=${name}`, [
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }

  /** A self-signed end-entity certificate (`self_signed_tls_client_auth`). */
  selfSigned(subject: string, san?: readonly string[]): Pem {
    return this.selfSignedWith(subject, [...END_ENTITY, ...sanArgs(san)]);
  }

  /** An end-entity certificate issued by `ca`, valid for two days unless `expired`. */
  issue(ca: Pem, subject: string, options: IssueOptions = {}): Pem {
    const name = this.next();
    const [caCert, caKey] = [`${name}-ca.crt`, `${name}-ca.key`].map((file) =>
      join(this.dir, file),
    );
    writeFileSync(caCert, ca.cert);
    writeFileSync(caKey, ca.key);
    const [csr, key, cert] = ['csr', 'key', 'crt'].map((ext) => join(this.dir, `${name}.${ext}`));
    openssl(
      ['req', '-config', this.reqConfig, '-new', ...EC_KEY, '-subj', subject].concat(
        extensionArgs(options.extensions),
        sanArgs(options.san),
        ['-keyout', key, '-out', csr],
      ),
    );
    openssl(
      ['ca', '-batch', '-config', this.caConfig, '-cert', caCert, '-keyfile', caKey]
        .concat(['-in', csr, '-out', cert, '-notext', '-preserveDN'])
        .concat(options.expired ? EXPIRED : ['-days', '2']),
    );
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  }

  /** An end-entity certificate of `ca` that expired years ago (valid 2020-01-01 to 2020-01-02). */
  expired(ca: Pem, subject: string, san?: readonly string[]): Pem {
    return this.issue(ca, subject, { san, expired: true });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private selfSignedWith(subject: string, extensions: string[]): Pem {
    const name = this.next();
    const [key, cert] = ['key', 'crt'].map((ext) => join(this.dir, `${name}.${ext}`));
    openssl(
      ['req', '-config', this.reqConfig, '-x509', ...EC_KEY, '-days', '2', '-subj', subject].concat(
        extensions,
        ['-keyout', key, '-out', cert],
      ),
    );
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  }

  private next(): string {
    this.count += 1;
    return `c${this.count}`;
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

/** The DER bytes of a PEM certificate, standard base64 (an `x5c` entry, or a proxy header). */
export const derBase64 = (pem: string): string => new X509Certificate(pem).raw.toString('base64');

/** RFC 8705 §3.1 `x5t#S256`: base64url of the SHA-256 hash of the certificate's DER. */
export const thumbprint = (pem: string): string =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

/** The URL-encoded PEM, as nginx's `$ssl_client_escaped_cert` forwards it. */
export const escapedPem = (pem: string): string => encodeURIComponent(pem);

/** An Envoy `X-Forwarded-Client-Cert` element carrying the certificate in `Cert`. */
export const xfcc = (pem: string): string =>
  `By=spiffe://cluster.local/ns/default/sa/tessera;Hash=abc123;Cert="${escapedPem(pem)}";Subject=""`;

/** The header a TLS-terminating proxy forwards the client certificate in (tests' configuration). */
export const CERTIFICATE_HEADER = 'x-client-cert';

/**
 * The environment that turns mutual TLS on behind a proxy (the test's HTTP client) at
 * `proxies`, trusting `ca` to issue `tls_client_auth` certificates.
 */
export function mtlsEnv(ca: Pem, proxies = '127.0.0.1,::1'): Record<string, string> {
  return {
    OAUTH2_MTLS_ENABLED: 'true',
    OAUTH2_MTLS_CERTIFICATE_HEADER: 'X-Client-Cert',
    OAUTH2_MTLS_TRUSTED_PROXIES: proxies,
    OAUTH2_MTLS_TRUSTED_CA_BASE64: Buffer.from(ca.cert).toString('base64'),
  };
}

/** Headers of a request through the proxy: the certificate header (when given) and more. */
export function throughProxy(
  certificate: string | undefined,
  headers: Record<string, string> = {},
): Record<string, string> {
  return {
    ...headers,
    ...(certificate === undefined ? {} : { [CERTIFICATE_HEADER]: certificate }),
  };
}

/**
 * A form POST through the proxy: `certificate` is the header's value as the proxy forwards it
 * (e.g. `escapedPem(cert)`), or undefined for a request without a client certificate.
 */
export function postWithCertificate(
  url: string,
  form: Record<string, string>,
  certificate: string | undefined,
  authorization?: string,
): Promise<HttpAnswer<Json>> {
  return call<Json>('POST', url, {
    body: new URLSearchParams(form).toString(),
    headers: throughProxy(certificate, {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    }),
  });
}

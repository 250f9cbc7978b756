import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig } from './config-loader';

const SERVE = { dsn: true, secrets: true, issuer: true };
const base = { DSN: 'memory', SECRETS_SYSTEM: 'a-system-secret-long-enough' };

describe('oauth2.mtls (RFC 8705)', () => {
  it('is off by default, with no header and no trusted proxy', () => {
    const { config } = loadConfig({ env: base, flags: { dev: true } }, SERVE);
    expect(config.oauth2.mtls).toEqual({
      enabled: false,
      trusted_ca: { path: undefined, base64: undefined },
      certificate_header: '',
      trusted_proxies: [],
    });
  });

  it('reads its keys from the environment, the header name in lower case', () => {
    const env = {
      ...base,
      OAUTH2_MTLS_ENABLED: 'true',
      OAUTH2_MTLS_TRUSTED_CA_BASE64: 'LS0tLS1CRUdJTg==',
      OAUTH2_MTLS_CERTIFICATE_HEADER: 'X-SSL-Client-Cert',
      OAUTH2_MTLS_TRUSTED_PROXIES: '10.0.0.0/8,fd00::1',
    };
    const { config } = loadConfig({ env, flags: { dev: true } }, SERVE);
    expect(config.oauth2.mtls).toEqual({
      enabled: true,
      trusted_ca: { path: undefined, base64: 'LS0tLS1CRUdJTg==' },
      certificate_header: 'x-ssl-client-cert',
      trusted_proxies: ['10.0.0.0/8', 'fd00::1'],
    });
  });

  it('refuses a header name that is no HTTP field name and a proxy that is no address', () => {
    const env = {
      ...base,
      OAUTH2_MTLS_CERTIFICATE_HEADER: 'X Client: Cert',
      OAUTH2_MTLS_TRUSTED_PROXIES: 'proxy.internal',
    };
    let keys: string[] = [];
    try {
      loadConfig({ env, flags: { dev: true } }, SERVE);
    } catch (error) {
      if (error instanceof ConfigError) keys = error.problems.map((problem) => problem.key);
    }
    expect(keys.sort()).toEqual(['oauth2.mtls.certificate_header', 'oauth2.mtls.trusted_proxies']);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig, type ConfigSources } from './config-loader';
import type { ConfigRequirements } from './config-requirements';

const SECRET = 'a-system-secret-long-enough';
const SERVE = { dsn: true, secrets: true, issuer: true };
const base = { DSN: 'memory', SECRETS_SYSTEM: SECRET };

function problems(sources: ConfigSources, requirements: ConfigRequirements = SERVE): string[] {
  try {
    loadConfig(sources, requirements);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.key);
    throw error;
  }
  return [];
}

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tessera-config-')), 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it("applies Hydra's defaults and derives the URLs in development mode", () => {
    const { config } = loadConfig({ env: base, flags: { dev: true } }, SERVE);
    expect(config.serve.public.port).toBe(4444);
    expect(config.serve.admin.port).toBe(4445);
    expect(config.ttl).toMatchObject({
      access_token: 3_600_000,
      refresh_token: 2_592_000_000,
      auth_code: 600_000,
      login_consent_request: 1_800_000,
    });
    expect(config.urls.self.issuer).toBe('http://localhost:4444/');
    expect(config.urls.login).toBe('http://localhost:4444/oauth2/fallbacks/login');
    expect(config.urls.post_logout_redirect).toBe(
      'http://localhost:4444/oauth2/fallbacks/logout/callback',
    );
    expect(config.secrets.pagination).toEqual([SECRET]);
    expect(config.oauth2.hashers).toEqual({
      algorithm: 'pbkdf2',
      pbkdf2: { iterations: 25_000 },
      bcrypt: { cost: 10 },
    });
  });

  it('reads environment variables by Hydra names, lists as CSV or JSON, Go booleans and durations', () => {
    const { config } = loadConfig(
      {
        env: {
          ...base,
          SECRETS_SYSTEM: `${SECRET}-new,${SECRET}`,
          SECRETS_PAGINATION: `["${SECRET}-pages"]`,
          URLS_SELF_ISSUER: 'https://auth.example/',
          URLS_LOGIN: 'https://login.example/login',
          SERVE_PUBLIC_PORT: '9000',
          TTL_ACCESS_TOKEN: '1h30m',
          TTL_REFRESH_TOKEN: '-1',
          OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'T',
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
        },
      },
      SERVE,
    );
    expect(config.secrets.system).toEqual([`${SECRET}-new`, SECRET]);
    expect(config.secrets.pagination).toEqual([`${SECRET}-pages`]);
    expect(config.urls.self.public).toBe('https://auth.example/');
    expect(config.urls.login).toBe('https://login.example/login');
    expect(config.urls.consent).toBe('https://auth.example/oauth2/fallbacks/consent');
    expect(config.serve.public.port).toBe(9000);
    expect(config.ttl.access_token).toBe(5_400_000);
    expect(config.ttl.refresh_token).toBe(-1);
    expect(config.oidc.dynamic_client_registration.enabled).toBe(true);
    expect(config.log).toMatchObject({ level: 'debug', format: 'json' });
  });

  it('reads YAML files with Hydra key names; the environment beats the file', () => {
    const file = yamlFile(`
dsn: memory
secrets:
  system: [${SECRET}]
urls:
  self:
    issuer: https://from-file.example/
  consent: https://consent.example/
serve:
  admin:
    port: 7000
`);
    const { config } = loadConfig(
      { env: { URLS_SELF_ISSUER: 'https://from-env.example/' }, files: [file] },
      SERVE,
    );
    expect(config.urls.self.issuer).toBe('https://from-env.example/');
    expect(config.urls.consent).toBe('https://consent.example/');
    expect(config.serve.admin.port).toBe(7000);
  });

  it('warns about Hydra keys it does not use yet, and rejects unknown keys', () => {
    const file = yamlFile(
      `tracing:\n  providers:\n    jaeger:\n      local_agent_address: x\nserve:\n  public:\n    cors:\n      enabled: true\n`,
    );
    const { warnings } = loadConfig({ env: base, files: [file], flags: { dev: true } }, SERVE);
    expect(warnings.join('\n')).toContain('tracing');
    expect(warnings.join('\n')).toContain('serve.public.cors');
    expect(
      problems({
        env: base,
        files: [yamlFile('urls:\n  logn: https://typo.example/\n')],
        flags: { dev: true },
      }),
    ).toEqual(['urls.logn']);
  });

  it.each([
    [
      'a short system secret',
      { URLS_SELF_ISSUER: 'https://a.example/', SECRETS_SYSTEM: 'short' },
      'secrets.system',
    ],
    [
      'an http issuer without --dev',
      { URLS_SELF_ISSUER: 'http://auth.example/' },
      'urls.self.issuer',
    ],
    ['an issuer that is not a URL', { URLS_SELF_ISSUER: 'auth.example' }, 'urls.self.issuer'],
    [
      'a non-numeric port',
      { URLS_SELF_ISSUER: 'https://a.example/', SERVE_PUBLIC_PORT: 'http' },
      'serve.public.port',
    ],
    [
      'a port out of range',
      { URLS_SELF_ISSUER: 'https://a.example/', SERVE_ADMIN_PORT: '70000' },
      'serve.admin.port',
    ],
    [
      'a TTL that is not a Go duration',
      { URLS_SELF_ISSUER: 'https://a.example/', TTL_ACCESS_TOKEN: '1 hour' },
      'ttl.access_token',
    ],
    [
      'a negative TTL',
      { URLS_SELF_ISSUER: 'https://a.example/', TTL_AUTH_CODE: '-10m' },
      'ttl.auth_code',
    ],
    [
      'an unknown log level',
      { URLS_SELF_ISSUER: 'https://a.example/', LOG_LEVEL: 'loud' },
      'log.level',
    ],
    [
      'an unknown log format',
      { URLS_SELF_ISSUER: 'https://a.example/', LOG_FORMAT: 'xml' },
      'log.format',
    ],
    [
      'an unknown hasher',
      { URLS_SELF_ISSUER: 'https://a.example/', OAUTH2_HASHERS_ALGORITHM: 'md5' },
      'oauth2.hashers.algorithm',
    ],
    [
      'a login URL with another scheme',
      { URLS_SELF_ISSUER: 'https://a.example/', URLS_LOGIN: 'ftp://a.example/' },
      'urls.login',
    ],
    ['a bad boolean', { URLS_SELF_ISSUER: 'https://a.example/', DEV: 'maybe' }, 'dev'],
    [
      'the same port twice',
      { URLS_SELF_ISSUER: 'https://a.example/', SERVE_ADMIN_PORT: '4444' },
      'serve.admin.port',
    ],
  ])('fails on %s, naming the key', (_case, env, key) => {
    expect(problems({ env: { ...base, ...env } })).toEqual([key]);
  });

  it('reports every problem at once, never echoing secrets', () => {
    try {
      loadConfig(
        {
          env: {
            DSN: 'memory',
            SECRETS_SYSTEM: 'tiny-secret',
            TTL_ID_TOKEN: 'x',
            SERVE_PUBLIC_PORT: '-1',
          },
        },
        SERVE,
      );
      expect.unreachable();
    } catch (error) {
      const configError = error as ConfigError;
      expect(configError.problems.map((p) => p.key).sort()).toEqual([
        'secrets.system',
        'serve.public.port',
        'ttl.id_token',
        'urls.self.issuer',
      ]);
      expect(configError.message).toContain('SECRETS_SYSTEM');
      expect(configError.message).toContain('TTL_ID_TOKEN');
      expect(configError.message).not.toContain('tiny-secret');
    }
  });

  it('reports unreadable and malformed files', () => {
    expect(
      problems({ env: base, files: ['/nonexistent/tessera.yaml'], flags: { dev: true } }),
    ).toEqual(['/nonexistent/tessera.yaml']);
    const broken = yamlFile('urls: [unclosed');
    expect(problems({ env: base, files: [broken], flags: { dev: true } })).toEqual([broken]);
  });

  it('requires a DSN and a system secret outside development mode', () => {
    expect(problems({ env: { URLS_SELF_ISSUER: 'https://a.example/' } }).sort()).toEqual([
      'dsn',
      'secrets.system',
    ]);
    expect(
      problems({ env: { URLS_SELF_ISSUER: 'https://a.example/', DSN: 'postgres://db/x' } }),
    ).toEqual(['secrets.system']);
    expect(problems({ env: {} }, { dsn: true })).toEqual(['dsn']);
  });

  it('in development mode defaults to an SQLite file and persists a generated secret beside it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tessera-dev-'));
    const dsn = `sqlite://${directory}/db.sqlite`;
    const first = loadConfig({ env: { DSN: dsn }, flags: { dev: true } }, SERVE);
    const second = loadConfig({ env: { DSN: dsn }, flags: { dev: true } }, SERVE);
    expect(first.config.secrets.system[0].length).toBeGreaterThanOrEqual(32);
    expect(second.config.secrets.system).toEqual(first.config.secrets.system);
    expect(readFileSync(`${directory}/db.sqlite.secret`, 'utf8').trim()).toBe(
      first.config.secrets.system[0],
    );
    expect(first.warnings.join('\n')).toContain('SECRETS_SYSTEM is not set');
    expect(loadConfig({ env: {}, flags: { dev: true } }, SERVE).config.dsn).toBe(
      'sqlite://data/tessera.sqlite',
    );
  });

  it('generates an ephemeral secret for the memory database', () => {
    const { config, warnings } = loadConfig(
      { env: { DSN: 'memory' }, flags: { dev: true } },
      SERVE,
    );
    expect(config.secrets.system).toHaveLength(1);
    expect(warnings.join('\n')).toContain('in-memory');
  });
});

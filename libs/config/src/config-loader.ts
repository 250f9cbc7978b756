import { CONFIG_KEYS } from './config-keys';
import { tlsIncomplete, type TlsSettings } from './listener-tls';
import { ConfigError, type ConfigProblem } from './config-error';
import { readConfigFiles, readEnvironment, readFlags, type RawValue } from './config-sources';
import type { ConfigRequirements } from './config-requirements';
import { resolveDevelopmentDefaults } from './development-defaults';
import { joinUrl, TesseraConfig, type TesseraSettings } from './tessera-config';

export interface ConfigSources {
  /** Environment variables (Hydra's names); they beat files and flags. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `-c` files, later ones win. */
  readonly files?: readonly string[];
  /** Flags already mapped to key paths, e.g. `{ dev: true }`. */
  readonly flags?: Readonly<Record<string, unknown>>;
}

export interface LoadedConfig {
  readonly config: TesseraConfig;
  /** Things an operator should know (ignored Hydra keys, generated secrets…), to log at boot. */
  readonly warnings: readonly string[];
}

/**
 * Loads and validates the configuration: defaults, then files, then flags, then environment
 * (hydra-compat §5.1). Throws one `ConfigError` listing every problem.
 */
export function loadConfig(
  sources: ConfigSources,
  requirements: ConfigRequirements = {},
): LoadedConfig {
  const layers = [
    readConfigFiles(sources.files ?? []),
    readFlags(sources.flags ?? {}),
    readEnvironment(sources.env ?? {}),
  ];
  const problems: ConfigProblem[] = layers.flatMap((layer) => layer.problems);
  const warnings: string[] = layers.flatMap((layer) => layer.warnings);
  const merged = new Map<string, RawValue>();
  for (const layer of layers) for (const [path, raw] of layer.values) merged.set(path, raw);

  const values = parseValues(merged, problems);
  const development = resolveDevelopmentDefaults(values, requirements);
  problems.push(...development.problems);
  warnings.push(...development.warnings);
  const settings = nest(values) as unknown as MutableSettings;
  deriveUrls(settings);
  const reported = new Set(problems.map((problem) => problem.key));
  problems.push(
    ...crossCheck(settings, requirements).filter((problem) => !reported.has(problem.key)),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: TesseraConfig.from(settings as unknown as TesseraSettings), warnings };
}

type MutableSettings = { -readonly [K in keyof TesseraSettings]: Record<string, unknown> } & {
  dev: boolean;
  dsn: string;
};

function parseValues(
  merged: Map<string, RawValue>,
  problems: ConfigProblem[],
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const key of CONFIG_KEYS) {
    const raw = merged.get(key.path);
    if (raw === undefined) {
      if (key.default !== undefined) values.set(key.path, key.default);
      continue;
    }
    const parsed = key.parse(raw.value);
    if (parsed.ok) {
      values.set(key.path, parsed.value);
    } else {
      const shown =
        key.secret || typeof raw.value === 'object' ? '' : ` (got ${JSON.stringify(raw.value)})`;
      problems.push({ key: key.path, message: `${parsed.problem}${shown}`, source: raw.source });
    }
  }
  return values;
}

function nest(values: Map<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const parts = key.path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = values.get(key.path);
  }
  return root;
}

/** Hydra's derivations: issuer from the public listener in dev, UI URLs under /oauth2/fallbacks. */
function deriveUrls(settings: MutableSettings): void {
  const urls = settings.urls as { self: Record<string, string | undefined> } & Record<
    string,
    unknown
  >;
  const serve = settings.serve as { public: { port: number }; admin: { port: number } };
  const scheme = settings.dev ? 'http' : 'https';
  urls.self.issuer ??= settings.dev ? `${scheme}://localhost:${serve.public.port}/` : undefined;
  urls.self.public ??= urls.self.issuer;
  urls.self.admin ??= `http://localhost:${serve.admin.port}/`;
  const base = urls.self.public ?? `${scheme}://localhost:${serve.public.port}/`;
  const fallback = (path: string): string => joinUrl(base, `/oauth2/fallbacks/${path}`);
  urls.login ??= fallback('login');
  urls.registration ??= urls.login;
  urls.consent ??= fallback('consent');
  urls.logout ??= fallback('logout');
  urls.error ??= fallback('error');
  urls.post_logout_redirect ??= fallback('logout/callback');
  const secrets = settings.secrets as Record<string, string[] | undefined>;
  secrets.cookie ??= secrets.system ?? [];
  secrets.pagination ??= secrets.system ?? [];
  secrets.system ??= [];
  // Outbound fetches of client-supplied URLs stay off private networks unless allowed (SSRF).
  const http = (settings.clients as { http: { disallow_private_ip_ranges?: boolean } }).http;
  http.disallow_private_ip_ranges ??= !settings.dev;
}

function crossCheck(settings: MutableSettings, requirements: ConfigRequirements): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const issuer = (settings.urls.self as Record<string, string | undefined>).issuer;
  if (requirements.issuer && !settings.dev) {
    if (issuer === undefined) {
      problems.push({
        key: 'urls.self.issuer',
        message: 'is required (or start with --dev to derive an http issuer)',
      });
    } else if (!issuer.startsWith('https://')) {
      problems.push({ key: 'urls.self.issuer', message: 'must use https unless --dev is set' });
    }
  }
  const serve = settings.serve as {
    public: { port: number; host: string };
    admin: { port: number; host: string };
  };
  if (
    serve.public.port !== 0 &&
    serve.public.port === serve.admin.port &&
    serve.public.host === serve.admin.host
  ) {
    problems.push({ key: 'serve.admin.port', message: 'must differ from serve.public.port' });
  }
  problems.push(...pairwiseProblems(settings), ...tlsProblems(settings));
  return problems;
}

/** HTTPS needs both halves; Hydra would make up a self-signed certificate, Tessera refuses. */
function tlsProblems(settings: MutableSettings): ConfigProblem[] {
  const serve = settings.serve as Record<'public' | 'admin', { tls: TlsSettings }> & {
    tls: TlsSettings;
  };
  return (['public', 'admin'] as const)
    .filter((listener) => tlsIncomplete(serve.tls, serve[listener].tls))
    .map((listener) => ({
      key: `serve.${listener}.tls`,
      message:
        'HTTPS is enabled, so a certificate (cert.path or cert.base64) and a key (key.path or key.base64) must be set',
    }));
}

/** Pairwise subjects are only as private as their salt (OIDC Core §8.1). */
function pairwiseProblems(settings: MutableSettings): ConfigProblem[] {
  const identifiers = (
    settings.oidc as {
      subject_identifiers: { supported_types: string[]; pairwise: { salt: string } };
    }
  ).subject_identifiers;
  if (!identifiers.supported_types.includes('pairwise') || identifiers.pairwise.salt.length >= 8)
    return [];
  return [
    {
      key: 'oidc.subject_identifiers.pairwise.salt',
      message: 'must be at least 8 characters when pairwise subject identifiers are supported',
    },
  ];
}

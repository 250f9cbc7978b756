import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_KEYS, CONFIG_KEYS_BY_PATH, envName } from './config-keys';
import type { ConfigProblem } from './config-error';
import { isRecognisedHydraKey } from './hydra-keys';

/** A raw value for one key and where it came from. */
export interface RawValue {
  readonly value: unknown;
  readonly source: string;
}

export interface RawLayer {
  readonly values: Map<string, RawValue>;
  readonly problems: ConfigProblem[];
  readonly warnings: string[];
}

function emptyLayer(): RawLayer {
  return { values: new Map(), problems: [], warnings: [] };
}

/** Reads `-c` files (YAML or JSON) into key paths; later files win. */
export function readConfigFiles(files: readonly string[]): RawLayer {
  const layer = emptyLayer();
  for (const file of files) {
    const document = readDocument(file, layer.problems);
    if (document === undefined) continue;
    if (!isPlainObject(document)) {
      layer.problems.push({ key: file, message: 'must contain a mapping of configuration keys' });
      continue;
    }
    flatten(document, '', file, layer);
  }
  return layer;
}

function readDocument(file: string, problems: ConfigProblem[]): unknown {
  if (extname(file).toLowerCase() === '.toml') {
    problems.push({ key: file, message: 'TOML files are not supported; use YAML or JSON' });
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({
      key: file,
      message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
    return undefined;
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    problems.push({
      key: file,
      message: `is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    });
    return undefined;
  }
}

function flatten(
  node: Record<string, unknown>,
  prefix: string,
  source: string,
  layer: RawLayer,
): void {
  for (const [name, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (CONFIG_KEYS_BY_PATH.has(path)) {
      layer.values.set(path, { value, source });
    } else if (isPlainObject(value) && CONFIG_KEYS.some((key) => key.path.startsWith(`${path}.`))) {
      flatten(value, path, source, layer);
    } else if (isRecognisedHydraKey(path)) {
      layer.warnings.push(
        `Configuration key ${path} (from ${source}) is a Hydra key that Tessera does not use yet; it is ignored.`,
      );
    } else {
      layer.problems.push({ key: path, message: 'is not a known configuration key', source });
    }
  }
}

/** Reads every known key from environment variables (Hydra's naming rule). */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): RawLayer {
  const layer = emptyLayer();
  for (const key of CONFIG_KEYS) {
    const value = env[envName(key.path)];
    if (value !== undefined && value !== '')
      layer.values.set(key.path, { value, source: 'environment' });
  }
  return layer;
}

/** Command-line flags already mapped to key paths (e.g. `--dev` → `dev: true`). */
export function readFlags(flags: Readonly<Record<string, unknown>>): RawLayer {
  const layer = emptyLayer();
  for (const [path, value] of Object.entries(flags)) {
    if (value !== undefined) layer.values.set(path, { value, source: 'flag' });
  }
  return layer;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

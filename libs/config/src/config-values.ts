import { isIP } from 'node:net';
import { parseGoDuration } from '@tessera/kernel';

/**
 * Parsers for configuration values. Each takes the raw value (a string from the environment, or
 * any YAML value) and returns the typed value or a problem sentence naming what was expected.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export type ValueParser<T> = (raw: unknown) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

export const stringValue: ValueParser<string> = (raw) =>
  typeof raw === 'string'
    ? ok(raw)
    : typeof raw === 'number'
      ? ok(String(raw))
      : fail('must be a string');

/** Go's `strconv.ParseBool` spellings, which Hydra accepts in environment variables. */
export const boolValue: ValueParser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw === 'string') {
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return ok(true);
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return ok(false);
  }
  return fail('must be true or false');
};

export function intValue(min: number, max: number): ValueParser<number> {
  return (raw) => {
    const value =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^-?\d+$/.test(raw.trim())
          ? Number(raw)
          : NaN;
    if (!Number.isSafeInteger(value)) return fail('must be a whole number');
    if (value < min || value > max) return fail(`must be between ${min} and ${max}`);
    return ok(value);
  };
}

export function enumValue<T extends string>(values: readonly T[]): ValueParser<T> {
  return (raw) =>
    typeof raw === 'string' && (values as readonly string[]).includes(raw)
      ? ok(raw as T)
      : fail(`must be one of ${values.join(', ')}`);
}

/** An absolute http(s) URL. */
export const urlValue: ValueParser<string> = (raw) => {
  if (typeof raw !== 'string') return fail('must be a URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return fail('must be an http or https URL');
  return ok(raw);
};

/** A Go duration (`1h30m`), returned in milliseconds; must be positive unless `allowNever`. */
export function durationValue(
  options: { allowNever?: boolean; allowZero?: boolean; minMs?: number; maxMs?: number } = {},
): ValueParser<number> {
  return (raw) => {
    if (options.allowNever && (raw === -1 || raw === '-1')) return ok(-1);
    const nanos = typeof raw === 'string' ? parseGoDuration(raw) : undefined;
    if (nanos === undefined) return fail('must be a duration such as 30m, 1h or 1h30m');
    const ms = Number(nanos / 1_000_000n);
    if (options.allowZero && ms === 0 && nanos >= 0n) return ok(0);
    if (ms <= 0)
      return fail(options.allowNever ? 'must be positive, or -1 for never' : 'must be positive');
    if (options.maxMs !== undefined && ms > options.maxMs) return fail('is longer than allowed');
    if (options.minMs !== undefined && ms < options.minMs) return fail('is shorter than allowed');
    return ok(ms);
  };
}

/** An IP address or a CIDR range: `10.0.0.0/8`, `fd00::/8`, `192.0.2.1`. */
export const cidrValue: ValueParser<string> = (raw) => {
  if (typeof raw !== 'string') return fail('must be an IP address or a CIDR range');
  const [address, prefix, extra] = raw.trim().split('/');
  const family = isIP(address);
  const bits = family === 6 ? 128 : 32;
  if (family === 0 || extra !== undefined) return fail('must be an IP address or a CIDR range');
  if (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= bits))
    return fail(`must have a prefix length between 0 and ${bits}`);
  return ok(raw.trim());
};

/** A list: a YAML sequence, or in the environment a JSON array or comma-separated values. */
export function listValue(item: ValueParser<string> = stringValue): ValueParser<string[]> {
  return (raw) => {
    const items = toList(raw);
    if (!items) return fail('must be a list');
    const values: string[] = [];
    for (const [index, element] of items.entries()) {
      const parsed = item(element);
      if (!parsed.ok) return fail(`item ${index + 1} ${parsed.problem}`);
      values.push(parsed.value);
    }
    return ok(values);
  };
}

function toList(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return text === '' ? [] : text.split(',').map((part) => part.trim());
}

/** Hydra's webhook setting: a URL, or `{url, auth: {type: api_key, config: {in, name, value}}}`. */
export interface WebhookSettings {
  readonly url: string;
  readonly auth?: {
    readonly in: 'header' | 'cookie';
    readonly name: string;
    readonly value: string;
  };
}

export const webhookValue: ValueParser<WebhookSettings> = (raw) => {
  let value = raw;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return fail('must be a URL or a JSON object {url, auth}');
    }
  }
  if (typeof value === 'string')
    return urlValue(value).ok ? ok({ url: value }) : fail('must be an http(s) URL');
  const hook = value as {
    url?: unknown;
    auth?: { type?: unknown; config?: { in?: unknown; name?: unknown; value?: unknown } };
  };
  if (
    typeof hook !== 'object' ||
    hook === null ||
    typeof hook.url !== 'string' ||
    !urlValue(hook.url).ok
  ) {
    return fail('must be a URL or an object with an http(s) url');
  }
  if (hook.auth === undefined) return ok({ url: hook.url });
  const config = hook.auth.config ?? {};
  const placement = config.in;
  if (
    hook.auth.type !== 'api_key' ||
    (placement !== 'header' && placement !== 'cookie') ||
    typeof config.name !== 'string' ||
    typeof config.value !== 'string'
  ) {
    return fail('auth must be {type: api_key, config: {in: header|cookie, name, value}}');
  }
  return ok({ url: hook.url, auth: { in: placement, name: config.name, value: config.value } });
};

/** A number from 0 to 1 (a sampling ratio). */
export const ratioValue: ValueParser<number> = (raw) => {
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && raw.trim() !== ''
        ? Number(raw)
        : NaN;
  return Number.isFinite(value) && value >= 0 && value <= 1
    ? ok(value)
    : fail('must be a number from 0 to 1');
};

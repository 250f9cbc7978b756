/**
 * Go's `time.Duration` text form, which Hydra uses for every lifespan and TTL (`1h30m`, `10m`,
 * `1.5s`). Values are nanoseconds as `bigint`, so the full int64 range round-trips exactly.
 */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;
const COMPONENT = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;

export const NANOS_PER_MILLI = 1_000_000n;

/** Parses a Go duration string; returns `undefined` when the text is not one. */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (!match) return undefined;
    const [whole, intPart, fracPart = '', unit] = match;
    if (intPart === '' && fracPart === '') return undefined;
    total += componentNanos(intPart, fracPart, UNIT_NANOS[unit]);
    if (total > MAX_INT64) return undefined;
    rest = rest.slice(whole.length);
  }
  return negative ? -total : total;
}

function componentNanos(intPart: string, fracPart: string, unit: bigint): bigint {
  let nanos = BigInt(intPart || '0') * unit;
  if (fracPart !== '') {
    const scale = 10n ** BigInt(fracPart.length);
    nanos += (BigInt(fracPart) * unit) / scale;
  }
  return nanos;
}

/** Formats nanoseconds exactly as Go's `Duration.String()` does (`1h0m0s`, `1.5s`, `100ms`). */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const negative = nanos < 0n;
  const value = negative ? -nanos : nanos;
  const text = value < UNIT_NANOS.s ? formatSubSecond(value) : formatSeconds(value);
  return negative ? `-${text}` : text;
}

function formatSubSecond(value: bigint): string {
  if (value < UNIT_NANOS.us) return `${value}ns`;
  if (value < UNIT_NANOS.ms) return `${withFraction(value, UNIT_NANOS.us, 3)}µs`;
  return `${withFraction(value, UNIT_NANOS.ms, 6)}ms`;
}

function formatSeconds(value: bigint): string {
  const seconds = withFraction(value % UNIT_NANOS.m, UNIT_NANOS.s, 9);
  const totalMinutes = value / UNIT_NANOS.m;
  if (totalMinutes === 0n) return `${seconds}s`;
  const minutes = totalMinutes % 60n;
  const hours = totalMinutes / 60n;
  return hours === 0n ? `${minutes}m${seconds}s` : `${hours}h${minutes}m${seconds}s`;
}

function withFraction(value: bigint, unit: bigint, digits: number): string {
  const whole = value / unit;
  const fraction = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}

/** Nanoseconds to whole milliseconds (truncating), as a JS number. */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / NANOS_PER_MILLI);
}

export function millisToNanos(millis: number): bigint {
  return BigInt(Math.trunc(millis)) * NANOS_PER_MILLI;
}

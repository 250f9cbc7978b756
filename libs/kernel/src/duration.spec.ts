import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from './duration';

describe('Go durations', () => {
  it.each([
    ['1h', 3_600_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['10m', 600_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['100ms', 100_000_000n],
    ['2us', 2_000n],
    ['2µs', 2_000n],
    ['7ns', 7n],
    ['0', 0n],
    ['-1s', -1_000_000_000n],
    ['.5m', 30_000_000_000n],
  ])('parses %s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it.each(['', '1', 'h', '1x', '1h ', 'abc', '1.h.', '--1s', '9999999999999h'])(
    'rejects %j',
    (text) => {
      expect(parseGoDuration(text)).toBeUndefined();
    },
  );

  it.each([
    [0n, '0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [5_400_000_000_000n, '1h30m0s'],
    [90_000_000_000n, '1m30s'],
    [1_500_000_000n, '1.5s'],
    [100_000_000n, '100ms'],
    [1_500_000n, '1.5ms'],
    [2_000n, '2µs'],
    [7n, '7ns'],
    [-1_000_000_000n, '-1s'],
  ])('formats %s as %s', (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });

  it('round-trips through format and parse', () => {
    for (const text of ['720h', '1h2m3.004005006s', '30m', '999ms']) {
      const nanos = parseGoDuration(text)!;
      expect(parseGoDuration(formatGoDuration(nanos))).toBe(nanos);
    }
  });
});

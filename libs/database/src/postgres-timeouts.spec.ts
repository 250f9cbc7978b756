import { describe, expect, it } from 'vitest';
import { DsnError } from './dsn-error';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_QUERY_TIMEOUT_MS,
  takeTimeouts,
  timeoutMs,
} from './postgres-timeouts';

describe('takeTimeouts', () => {
  it('defaults both limits to 2 s so a request fails within 3 s', () => {
    expect(takeTimeouts(new URL('postgres://db/hydra?sslmode=disable'))).toEqual({
      connectMs: DEFAULT_CONNECT_TIMEOUT_MS,
      queryMs: DEFAULT_QUERY_TIMEOUT_MS,
      querySet: false,
    });
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(2_000);
    expect(DEFAULT_QUERY_TIMEOUT_MS).toBe(2_000);
  });

  it('reads connect_timeout and query_timeout and removes them from the URL', () => {
    const url = new URL(
      'postgres://db/hydra?connect_timeout=5&sslmode=disable&query_timeout=1500ms',
    );
    expect(takeTimeouts(url)).toEqual({ connectMs: 5_000, queryMs: 1_500, querySet: true });
    expect(url.toString()).toBe('postgres://db/hydra?sslmode=disable');
  });

  it('turns a limit off with 0', () => {
    const url = new URL('postgres://db/hydra?connect_timeout=0&query_timeout=0s');
    expect(takeTimeouts(url)).toEqual({ connectMs: 0, queryMs: 0, querySet: true });
  });

  it('refuses values that are neither whole seconds nor a duration', () => {
    expect(() => takeTimeouts(new URL('postgres://db/hydra?query_timeout=soon'))).toThrow(DsnError);
    expect(() => takeTimeouts(new URL('postgres://db/hydra?connect_timeout='))).toThrow(
      /connect_timeout must be whole seconds or a duration/,
    );
  });
});

describe('timeoutMs', () => {
  it.each([
    ['10', 10_000],
    ['0', 0],
    ['2s', 2_000],
    ['1.5s', 1_500],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['1us', 1], // rounded up: a positive limit never becomes "none"
  ])('reads %j as %d ms', (value, expected) => {
    expect(timeoutMs('query_timeout', value)).toBe(expected);
  });

  it.each(['-1s', '-5', '2.5', '3 s', 's', '1d', '600h'])('refuses %j', (value) => {
    expect(() => timeoutMs('query_timeout', value)).toThrow(DsnError);
  });
});

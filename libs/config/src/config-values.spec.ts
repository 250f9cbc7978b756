import { describe, expect, it } from 'vitest';
import { cidrValue, durationValue, listValue } from './config-values';

describe('cidrValue', () => {
  it.each(['10.0.0.0/8', '192.0.2.1', 'fd00::/8', '::1', '0.0.0.0/0'])('accepts %s', (raw) => {
    expect(cidrValue(raw)).toEqual({ ok: true, value: raw });
  });

  it.each(['10.0.0.0/33', 'fd00::/129', 'proxy.internal', '10.0.0.0/8/1', '10.0.0.0/x', ''])(
    'refuses %s',
    (raw) => {
      expect(cidrValue(raw).ok).toBe(false);
    },
  );

  it('reads a comma-separated list from the environment', () => {
    expect(listValue(cidrValue)('10.0.0.0/8, fd00::/8')).toEqual({
      ok: true,
      value: ['10.0.0.0/8', 'fd00::/8'],
    });
  });
});

describe('durationValue', () => {
  it('keeps a duration within its bounds', () => {
    const bounded = durationValue({ minMs: 10_000, maxMs: 60_000 });
    expect(bounded('30s')).toEqual({ ok: true, value: 30_000 });
    expect(bounded('1ms').ok).toBe(false);
    expect(bounded('2m').ok).toBe(false);
  });
});

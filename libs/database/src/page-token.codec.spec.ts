import { describe, expect, it } from 'vitest';
import { BadRequestError, Clock } from '@tessera/kernel';
import { PageTokenCodec, PAGE_TOKEN_LIFESPAN_MS } from './page-token.codec';
import { parsePageRequest, toPage } from './keyset-pagination';

class TestClock extends Clock {
  ms = Date.UTC(2026, 0, 1);
  now(): Date {
    return new Date(this.ms);
  }
}

describe('PageTokenCodec', () => {
  const clock = new TestClock();
  const codec = new PageTokenCodec(['pagination-secret-number-1'], clock);

  it('round-trips a cursor without revealing it', () => {
    const token = codec.encode('client-042');
    expect(token).not.toContain('client');
    expect(codec.decode(token)).toBe('client-042');
  });

  it('refuses tampered, foreign, expired and garbage tokens', () => {
    const token = codec.encode('c');
    const foreign = new PageTokenCodec(['another-secret-entirely'], clock).encode('c');
    expect(() => codec.decode(foreign)).toThrow(BadRequestError);
    expect(() => codec.decode(`${token.slice(0, -2)}AA`)).toThrow(BadRequestError);
    expect(() => codec.decode('garbage')).toThrow(BadRequestError);
    clock.ms += PAGE_TOKEN_LIFESPAN_MS + 1;
    expect(() => codec.decode(token)).toThrow(BadRequestError);
  });

  it('opens tokens sealed with a rotated secret', () => {
    const old = new PageTokenCodec(['old-pagination-secret'], clock).encode('c');
    expect(
      new PageTokenCodec(['new-pagination-secret', 'old-pagination-secret'], clock).decode(old),
    ).toBe('c');
  });
});

describe('keyset pagination', () => {
  const codec = new PageTokenCodec(['pagination-secret-number-1'], new TestClock());

  it('reads page_size as Hydra does: default 100, at most 500, non-positive means default', () => {
    expect(parsePageRequest({}, codec)).toEqual({ size: 100 });
    expect(parsePageRequest({ page_size: '7' }, codec)).toEqual({ size: 7 });
    expect(parsePageRequest({ page_size: '0' }, codec)).toEqual({ size: 100 });
    expect(parsePageRequest({ page_size: '-3' }, codec)).toEqual({ size: 100 });
    expect(parsePageRequest({ page_size: '9999' }, codec)).toEqual({ size: 500 });
    expect(parsePageRequest({ page_size: ['3', '4'] }, codec)).toEqual({ size: 3 });
    expect(() => parsePageRequest({ page_size: 'ten' }, codec)).toThrow(BadRequestError);
    expect(parsePageRequest({ page_token: codec.encode('k') }, codec)).toEqual({
      size: 100,
      after: 'k',
    });
  });

  it('cuts the extra row into a next cursor', () => {
    expect(toPage([1, 2, 3], 2, String)).toEqual({ items: [1, 2], next: '2' });
    expect(toPage([1, 2], 2, String)).toEqual({ items: [1, 2] });
  });
});

import { describe, expect, it } from 'vitest';
import { setBounded } from './bounded-map';

describe('setBounded', () => {
  it('drops the oldest entry for a new key once the map is full, never for a known one', () => {
    const map = new Map<string, number>();
    for (const [index, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, index, 3);
    setBounded(map, 'b', 10, 3);
    expect([...map.entries()]).toEqual([
      ['a', 0],
      ['b', 10],
      ['c', 2],
    ]);
    setBounded(map, 'd', 3, 3);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
  });
});

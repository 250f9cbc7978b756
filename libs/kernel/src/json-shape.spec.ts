import { describe, expect, it } from 'vitest';
import { JSON_NESTING_LIMIT, jsonShapeFault } from './json-shape';

/** `levels` arrays inside each other, around `inner`. */
function nested(levels: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

describe('jsonShapeFault', () => {
  it('takes ordinary documents, surrogate pairs (emoji) included', () => {
    expect(jsonShapeFault({ client_id: 'a😀b', metadata: { '😀': ['x', 1, null, true] } })).toBe(
      undefined,
    );
    expect(jsonShapeFault(JSON.parse('"\\ud83d\\ude00"'))).toBe(undefined);
    expect(jsonShapeFault(undefined)).toBe(undefined);
    expect(jsonShapeFault(42)).toBe(undefined);
  });

  it('refuses a lone surrogate in a value or a member name, at any depth', () => {
    for (const text of [
      '"\\ud800"',
      '{"kid":"a\\udc00"}',
      '{"\\ud800x":1}',
      '[[{"a":["\\udfff"]}]]',
    ]) {
      expect(jsonShapeFault(JSON.parse(text)), text).toMatch(/surrogate/);
    }
  });

  it(`takes ${JSON_NESTING_LIMIT} levels of nesting and refuses one more`, () => {
    expect(jsonShapeFault(nested(JSON_NESTING_LIMIT))).toBe(undefined);
    expect(jsonShapeFault(nested(JSON_NESTING_LIMIT + 1))).toMatch(/nest/);
    expect(jsonShapeFault({ metadata: nested(JSON_NESTING_LIMIT - 1, {}) })).toMatch(/nest/);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(jsonShapeFault(nested(100_000))).toMatch(/nest/);
    expect(jsonShapeFault(Array.from({ length: 100_000 }, () => ({ a: 'b' })))).toBe(undefined);
  });
});

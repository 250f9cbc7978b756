import { describe, expect, it } from 'vitest';
import { parseXfcc } from './forwarded-client-cert';

const entries = (header: string) => parseXfcc(header)?.map((element) => [...element.entries()]);

describe("parseXfcc (Envoy's X-Forwarded-Client-Cert)", () => {
  it('reads elements of pairs, quoted values with their commas, semicolons and quotes', () => {
    expect(
      entries('By=spiffe://a;Hash=01;Subject="CN=a,O=b;c";URI=u1;URI=u2, By=b;Cert="x\\"y"'),
    ).toEqual([
      [
        ['by', 'spiffe://a'],
        ['hash', '01'],
        ['subject', 'CN=a,O=b;c'],
        ['uri', 'u2'],
      ],
      [
        ['by', 'b'],
        ['cert', 'x"y'],
      ],
    ]);
  });

  it.each([
    ['an unbalanced quote', 'By=a;Cert="x,By=b;Cert=y'],
    ['text after a closing quote', 'Cert="x"y,By=b'],
    ['a quote inside an unquoted value', 'Cert=x"y'],
    ['a repeated key', 'Cert=x;Cert=y'],
    ['an unknown key', 'By=a;Evil=b'],
    ['a pair without =', 'By=a;Cert'],
    ['a trailing backslash in quotes', 'Cert="x\\'],
  ])('refuses the whole header for %s', (_what, header) => {
    expect(parseXfcc(header)).toBeUndefined();
  });
});

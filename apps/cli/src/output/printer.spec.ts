import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { alignColumns, parseFormat, Printer } from './printer';
import { CLIENT_TABLE, nextPageToken } from '../remote/client-output';

function capture(format: 'default' | 'json' | 'json-pretty') {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { printer: new Printer(stream, format), text: () => text };
}

describe('Printer', () => {
  const client = {
    client_id: 'a',
    client_secret: 's',
    grant_types: ['x', 'y'],
    response_types: ['code'],
    scope: 'openid',
    audience: ['u', 'v'],
    redirect_uris: [],
  };

  it('prints one item as HEADER value lines and many as a table', () => {
    const one = capture('default');
    one.printer.item(client, CLIENT_TABLE);
    expect(one.text()).toContain('GRANT TYPES     x, y\n');
    expect(one.text()).toContain('AUDIENCE        u,v\n');
    const many = capture('default');
    many.printer.items([client, { ...client, client_id: 'b' }], CLIENT_TABLE);
    expect(many.text().split('\n')[0]).toMatch(/^CLIENT ID\s+CLIENT SECRET\s+GRANT TYPES/);
    expect(many.text().trim().split('\n')).toHaveLength(3);
  });

  it('prints JSON compact or indented', () => {
    const compact = capture('json');
    compact.printer.item(client, CLIENT_TABLE);
    expect(compact.text()).toBe(`${JSON.stringify(client)}\n`);
    const pretty = capture('json-pretty');
    pretty.printer.json({ a: 1 });
    expect(pretty.text()).toBe('{\n  "a": 1\n}\n');
  });

  it('refuses unknown formats and aligns columns', () => {
    expect(() => parseFormat('yaml')).toThrow();
    expect(
      alignColumns([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\nccc  d\n');
  });

  it('finds the next page token in a Link header', () => {
    expect(
      nextPageToken(
        '</admin/clients?page_size=1>; rel="first",</admin/clients?page_size=1&page_token=abc%3D>; rel="next"',
      ),
    ).toBe('abc=');
    expect(nextPageToken('</admin/clients?page_size=1>; rel="first"')).toBeUndefined();
    expect(nextPageToken(null)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { BadRequestError, JSON_DOCUMENT_LIMIT_BYTES } from '@tessera/kernel';
import { applyClientPatch } from './client-json-patch';

const document = { client_id: 'c', client_name: 'old', redirect_uris: ['a'], metadata: { x: 1 } };

describe('applyClientPatch', () => {
  it('applies add, remove and replace without touching the input', () => {
    const patched = applyClientPatch(document, [
      { op: 'replace', path: '/client_name', value: 'new' },
      { op: 'add', path: '/redirect_uris/-', value: 'b' },
      { op: 'remove', path: '/metadata/x' },
      { op: 'replace', path: '/owner', value: 'added by replace' },
      { op: 'replace', path: '/redirect_uris/0', value: 'A' },
    ]);
    expect(patched).toEqual({
      client_id: 'c',
      client_name: 'new',
      redirect_uris: ['A', 'b'],
      metadata: {},
      owner: 'added by replace',
    });
    expect(document.client_name).toBe('old');
  });

  it.each([
    ['not an array', { op: 'add' }],
    ['an operation that is not an object', ['add']],
    ['move', [{ op: 'move', from: '/a', path: '/b' }]],
    ['copy', [{ op: 'copy', from: '/a', path: '/b' }]],
    ['test', [{ op: 'test', path: '/client_name', value: 'old' }]],
    ['a client_id change', [{ op: 'replace', path: '/client_id', value: 'x' }]],
    ['a change below client_id', [{ op: 'add', path: '/client_id/x', value: 'x' }]],
    ['the v1 id', [{ op: 'add', path: '/ID', value: 'x' }]],
    ['the whole document', [{ op: 'replace', path: '', value: {} }]],
    ['a relative path', [{ op: 'replace', path: 'client_name', value: 'x' }]],
    ['a missing value', [{ op: 'add', path: '/owner' }]],
    ['an index out of range', [{ op: 'replace', path: '/redirect_uris/5', value: 'x' }]],
    ['a missing member to remove', [{ op: 'remove', path: '/nothing' }]],
    ['prototype pollution', [{ op: 'add', path: '/__proto__/polluted', value: true }]],
    [
      'too many operations',
      Array.from({ length: 300 }, () => ({ op: 'add', path: '/owner', value: 'x' })),
    ],
  ])('refuses %s with a 400', (_case, patch) => {
    expect(() => applyClientPatch(document, patch)).toThrow(BadRequestError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a patch whose result is larger than a request body may be', () => {
    const half = 'x'.repeat(JSON_DOCUMENT_LIMIT_BYTES / 2);
    const grown = applyClientPatch(document, [{ op: 'add', path: '/metadata/a', value: half }]);
    expect(() =>
      applyClientPatch(grown, [{ op: 'add', path: '/metadata/b', value: half }]),
    ).toThrow(BadRequestError);
  });
});

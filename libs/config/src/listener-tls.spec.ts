import { describe, expect, it } from 'vitest';
import { listenerTls, tlsIncomplete, type TlsSettings } from './listener-tls';

const none: TlsSettings = { cert: {}, key: {} };
const files: TlsSettings = { enabled: true, cert: { path: 'a.crt' }, key: { path: 'a.key' } };

describe('listenerTls', () => {
  it('is plain HTTP unless enabled', () => {
    expect(listenerTls(none, none)).toBeUndefined();
    expect(listenerTls({ ...files, enabled: false }, none)).toBeUndefined();
  });

  it('takes the shared block, and lets the listener override it field by field', () => {
    expect(listenerTls(files, none)).toEqual({ cert: files.cert, key: files.key });
    const inlineCert = { enabled: undefined, cert: { base64: 'Y2VydA==' }, key: {} };
    expect(listenerTls(files, inlineCert)).toEqual({ cert: inlineCert.cert, key: files.key });
    expect(listenerTls(files, { ...none, enabled: false })).toBeUndefined();
    expect(listenerTls(none, files)).toEqual({ cert: files.cert, key: files.key });
  });

  it('reports TLS that is on without a certificate or a key', () => {
    expect(tlsIncomplete({ enabled: true, cert: { path: 'a.crt' }, key: {} }, none)).toBe(true);
    expect(tlsIncomplete(none, { enabled: true, cert: {}, key: { base64: 'a2V5' } })).toBe(true);
    expect(tlsIncomplete(files, none)).toBe(false);
    expect(tlsIncomplete(none, none)).toBe(false);
  });
});

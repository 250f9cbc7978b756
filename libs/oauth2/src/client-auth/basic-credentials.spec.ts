import { describe, expect, it } from 'vitest';
import { parseBasicCredentials } from './basic-credentials';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasicCredentials (RFC 6749 §2.3.1)', () => {
  it('decodes form-url-encoded id and secret, splitting at the first colon', () => {
    expect(parseBasicCredentials(basic('client:secret'))).toEqual({
      clientId: 'client',
      secret: 'secret',
    });
    expect(parseBasicCredentials(basic('my+client%3A1:p%40ss:word'))).toEqual({
      clientId: 'my client:1',
      secret: 'p@ss:word',
    });
    expect(parseBasicCredentials(`basic ${Buffer.from('c:s').toString('base64')}`)).toEqual({
      clientId: 'c',
      secret: 's',
    });
    expect(parseBasicCredentials(basic('public:'))).toEqual({ clientId: 'public', secret: '' });
  });

  it('ignores other schemes and reports malformed Basic headers', () => {
    expect(parseBasicCredentials(undefined)).toBeUndefined();
    expect(parseBasicCredentials('Bearer abc')).toBeUndefined();
    for (const header of [
      'Basic',
      'Basic !!!',
      'Basic abc',
      basic('no-colon'),
      basic('%zz:secret'),
      basic(':secret'),
    ]) {
      expect(parseBasicCredentials(header)).toBe('malformed');
    }
  });
});

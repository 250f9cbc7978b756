import { describe, expect, it } from 'vitest';
import { isDistinguishedName } from './client-subject-dn';

describe('isDistinguishedName (RFC 4514 string form)', () => {
  it.each([
    'CN=client-a',
    'CN=client-a,O=Example Corp',
    'CN=client-a, O=Example Corp, C=DE',
    'O=Example\\, Inc.,CN=a',
    'CN=a+UID=42,O=b',
    'CN=a\\+b',
    'CN=\\23hash',
    'CN=caf\\C3\\A9',
    '2.5.4.3=client',
    'emailAddress=a@b.example,CN=x',
    'CN=a=b',
    'CN=Jöhn Smith',
  ])('accepts %s', (dn) => {
    expect(isDistinguishedName(dn)).toBe(true);
  });

  it.each([
    'client-a',
    'CN=',
    'CN= ',
    '=a',
    'CN=a,',
    ',CN=a',
    'CN=a,,O=b',
    'CN=a+',
    '1CN=a',
    'C N=a',
    'CN=a;O=b',
    'CN="quoted"',
    'CN=<a>',
    'CN=a\\',
    'CN=a\\q',
    'CN=#zz',
    'CN=#123',
    // The hex form of a BER value: certificates are matched by their string values only.
    'CN=#04024869',
    'CN= #04024869',
    // Hex escapes that are no UTF-8, and a lone surrogate: they would decode to U+FFFD.
    'CN=\\ff',
    'CN=\\c3',
    'CN=\ud800',
  ])('refuses %s', (dn) => {
    expect(isDistinguishedName(dn)).toBe(false);
  });
});

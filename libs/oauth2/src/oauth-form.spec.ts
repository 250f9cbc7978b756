import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '@tessera/kernel';
import { OAuthForm, requestedAudience, splitSpaceList } from './oauth-form';

describe('OAuthForm', () => {
  it('refuses an empty body and repeated parameters, except the repeatable ones', () => {
    expect(() => OAuthForm.from(undefined)).toThrow(InvalidRequestError);
    expect(() => OAuthForm.from({})).toThrow(InvalidRequestError);
    expect(() => OAuthForm.from({ grant_type: ['a', 'b'] })).toThrow(InvalidRequestError);
    const form = OAuthForm.from({ grant_type: 'x', audience: ['a', 'b'], empty: '' }, ['audience']);
    expect(form.get('grant_type')).toBe('x');
    expect(form.get('empty')).toBeUndefined();
    expect(form.has('missing')).toBe(false);
    expect(form.getAll('audience')).toEqual(['a', 'b']);
  });

  it('splits scope on spaces and audience per Hydra', () => {
    expect(splitSpaceList(' read  write read ')).toEqual(['read', 'write']);
    expect(splitSpaceList(undefined)).toEqual([]);
    expect(
      requestedAudience(OAuthForm.from({ audience: 'https://a https://b' }, ['audience'])),
    ).toEqual(['https://a', 'https://b']);
    expect(
      requestedAudience(OAuthForm.from({ audience: ['https://a x', 'https://b'] }, ['audience'])),
    ).toEqual(['https://a x', 'https://b']);
  });
});

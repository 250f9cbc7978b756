import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { paginationLinks } from './link-header';
import { normalisePaths } from './path-normalisation';

function rewrite(url: string, adminPrefix: boolean): string {
  const request = { url } as Request;
  normalisePaths({ adminPrefix })(request, {} as Response, (() => undefined) as NextFunction);
  return request.url;
}

describe('path normalisation (hydra-compat §1.1)', () => {
  it.each([
    ['/clients', '/admin/clients'],
    ['/clients/', '/admin/clients'],
    ['/health/ready?x=1', '/admin/health/ready?x=1'],
    ['/admin/clients/', '/admin/clients'],
    ['/admin', '/admin'],
    ['/', '/admin'],
    ['/administrator', '/admin/administrator'],
  ])('admin port: %s → %s', (url, expected) => {
    expect(rewrite(url, true)).toBe(expected);
  });

  it('public port: strips one trailing slash only', () => {
    expect(rewrite('/health/alive/', false)).toBe('/health/alive');
    expect(rewrite('/', false)).toBe('/');
    expect(rewrite('/oauth2/auth?x=/', false)).toBe('/oauth2/auth?x=/');
  });
});

describe('paginationLinks', () => {
  it('keeps filters, sorts parameters and only links next when there is one', () => {
    const request = { url: '/admin/clients?owner=a&page_token=old&page_size=5' } as Request;
    expect(paginationLinks(request, 5, 'TOKEN')).toBe(
      '</admin/clients?owner=a&page_size=5>; rel="first",</admin/clients?owner=a&page_size=5&page_token=TOKEN>; rel="next"',
    );
    expect(paginationLinks(request, 5)).toBe('</admin/clients?owner=a&page_size=5>; rel="first"');
  });
});

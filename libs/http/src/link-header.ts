import type { Request } from 'express';

/**
 * RFC 8288 `Link` header of a keyset-paginated list, as Hydra sends it (hydra-compat §1.1):
 * `first` always, `next` only when there is a next page; relative URLs that keep the request's
 * other query parameters.
 */
export function paginationLinks(request: Request, pageSize: number, nextToken?: string): string {
  const link = (token: string | undefined, rel: string): string =>
    `<${pageUrl(request, pageSize, token)}>; rel="${rel}"`;
  const links = [link(undefined, 'first')];
  if (nextToken !== undefined) links.push(link(nextToken, 'next'));
  return links.join(',');
}

function pageUrl(request: Request, pageSize: number, token: string | undefined): string {
  const url = new URL(request.url, 'http://placeholder');
  const params = new URLSearchParams(url.searchParams);
  params.set('page_size', String(pageSize));
  params.delete('page_token');
  if (token !== undefined) params.set('page_token', token);
  params.sort();
  return `${url.pathname}?${params.toString()}`;
}

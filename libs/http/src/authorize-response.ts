import type { Response } from 'express';
import type { ResponseMode } from '@tessera/kernel';

/** An authorization response (or error) on its way to the client's redirect URI. */
export interface AuthorizeRedirect {
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Sends the browser back to the client (RFC 6749 §4.1.2, §4.2.2): `303 See Other` with the
 * parameters in the query or the fragment (OAuth 2.0 Multiple Response Types §2.1), or a page
 * that POSTs them (OAuth 2.0 Form Post Response Mode §2). Never cached.
 */
export function sendAuthorizeRedirect(response: Response, redirect: AuthorizeRedirect): void {
  if (response.headersSent) return;
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  if (redirect.responseMode === 'form_post') {
    response.status(200).type('text/html; charset=utf-8').send(formPostPage(redirect));
    return;
  }
  response.status(303).location(redirectLocation(redirect)).end();
}

/** The Location of a query or fragment response. */
export function redirectLocation(redirect: AuthorizeRedirect): string {
  const url = new URL(redirect.redirectUri);
  if (redirect.responseMode === 'query') {
    for (const [name, value] of Object.entries(redirect.params)) url.searchParams.set(name, value);
    return url.toString();
  }
  url.hash = new URLSearchParams(redirect.params).toString();
  return url.toString();
}

/** Form Post Response Mode §2: an auto-submitting form; every value HTML-escaped. */
function formPostPage(redirect: AuthorizeRedirect): string {
  const inputs = Object.entries(redirect.params)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`,
    )
    .join('');
  return (
    '<!DOCTYPE html><html><head><title>Submit This Form</title></head>' +
    '<body onload="javascript:document.forms[0].submit()">' +
    `<form method="post" action="${escapeHtml(redirect.redirectUri)}">${inputs}` +
    '<noscript><button type="submit">Continue</button></noscript></form></body></html>'
  );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

import { rfc3339 } from '@tessera/clients';
import type { Sealable } from './flow.codec';

/** A logout in progress (hydra-compat §3.7), sealed into the logout challenge and verifier. */
export interface LogoutRequest extends Sealable {
  readonly id: string;
  readonly subject: string;
  /** The login session that ends. */
  readonly sid: string;
  /** The client of the `id_token_hint` (RP-initiated), as the admin API shows it. */
  readonly client: Record<string, unknown> | null;
  readonly requestUrl: string;
  readonly rpInitiated: boolean;
  /** Where the browser goes when the logout is done. */
  readonly redirectTo: string;
}

/** `OAuth2LogoutRequest` (hydra-compat §2.9). */
export function logoutRequestJson(
  request: LogoutRequest,
  challenge: string,
  expiresAt: number,
): Record<string, unknown> {
  return {
    challenge,
    subject: request.subject,
    sid: request.sid,
    request_url: request.requestUrl,
    rp_initiated: request.rpInitiated,
    requested_at: rfc3339(new Date(request.requestedAt)),
    expires_at: rfc3339(new Date(expiresAt)),
    client: request.client,
  };
}

/**
 * OIDC Front-Channel Logout 1.0 §3: a page that loads every client's `frontchannel_logout_uri` in
 * a hidden iframe, then continues to `redirectTo` — when all have loaded, or after 7 seconds.
 */
export function frontChannelLogoutPage(urls: readonly string[], redirectTo: string): string {
  const target = escapeHtml(redirectTo);
  const frames = urls
    .map((url) => `<iframe src="${escapeHtml(url)}" onload="done()"></iframe>`)
    .join('');
  return (
    '<!DOCTYPE html><html><head><title>Logging out</title>' +
    `<meta http-equiv="refresh" content="7; URL=${target}">` +
    '<style>iframe{position:absolute;width:0;height:0;border:0;visibility:hidden}</style></head><body>' +
    `<p>Logging you out of ${urls.length} application${urls.length === 1 ? '' : 's'}…</p>` +
    `<noscript><a href="${target}">Continue</a></noscript>${frames}` +
    `<script>var left=${urls.length};var target=${JSON.stringify(redirectTo).replace(/</g, '\\u003c')};` +
    'function go(){window.location.replace(target)}function done(){if(--left<=0)setTimeout(go,500)}' +
    'setTimeout(go,7000)</script></body></html>'
  );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

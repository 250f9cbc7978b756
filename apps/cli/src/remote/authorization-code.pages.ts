/** The pages of `perform authorization-code`: a start link and the tokens it got. */

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:3rem auto;padding:0 1rem;color:#1d2330}
code,pre{background:#f0f1f4;border-radius:4px;padding:.1rem .3rem;word-break:break-all;white-space:pre-wrap}
pre{padding:.8rem}a.button{display:inline-block;padding:.6rem 1rem;background:#3554d1;color:#fff;border-radius:6px;text-decoration:none}
.error{color:#8a1c1c}</style></head><body>${body}</body></html>`;
}

export function homePage(authorizeUrl: string): string {
  return page(
    'Tessera: authorization code flow',
    `<h1>Authorization code flow</h1>
<p>This page starts an OAuth 2.0 authorization code flow with PKCE against the authorization server.</p>
<p><a class="button" id="authorize" href="${escapeHtml(authorizeUrl)}">Authorize application</a></p>`,
  );
}

export interface TokenPageInput {
  readonly tokens: Record<string, unknown>;
  readonly idTokenClaims?: Record<string, unknown>;
  readonly logoutUrl?: string;
}

export function tokensPage({ tokens, idTokenClaims, logoutUrl }: TokenPageInput): string {
  const row = (label: string, value: unknown) =>
    value === undefined
      ? ''
      : `<li>${label}: <code id="${label.toLowerCase().replace(/ /g, '-')}">${escapeHtml(value)}</code></li>`;
  return page(
    'Tokens',
    `<h1>Tokens</h1><ul>
${row('Access Token', tokens.access_token)}
${row('Refresh Token', tokens.refresh_token)}
${row('Expires in', tokens.expires_in === undefined ? undefined : `${String(tokens.expires_in)}s`)}
${row('Scope', tokens.scope)}
${row('ID Token', tokens.id_token)}</ul>
${idTokenClaims ? `<h2>ID token claims</h2><pre id="claims">${escapeHtml(JSON.stringify(idTokenClaims, null, 2))}</pre>` : ''}
${logoutUrl ? `<p><a class="button" id="logout" href="${escapeHtml(logoutUrl)}">Log out</a></p>` : ''}`,
  );
}

export function errorPage(error: string, description: string): string {
  return page(
    'Authorization failed',
    `<h1 class="error">Authorization failed</h1><p><code id="error">${escapeHtml(error)}</code></p><p id="error-description">${escapeHtml(description)}</p>`,
  );
}

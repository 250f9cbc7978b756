/** Server-rendered pages of the example: plain HTML, every value escaped. */

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
  *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;
  background:#f4f5f7;color:#1d2330}main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;
  border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}h1{font-size:1.4rem;margin:0 0 1rem}
  label{display:block;margin:.8rem 0 .2rem;font-weight:600}input[type=email],input[type=password]{
  width:100%;padding:.6rem;border:1px solid #c9ced8;border-radius:6px;font:inherit}
  .check{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.6rem 0}
  .actions{display:flex;gap:.6rem;margin-top:1.4rem}button{flex:1;padding:.65rem;border:0;border-radius:6px;
  font:inherit;font-weight:600;cursor:pointer;background:#3554d1;color:#fff}button.secondary{background:#e4e7ee;color:#1d2330}
  .error{background:#fdecec;color:#8a1c1c;padding:.6rem .8rem;border-radius:6px}.muted{color:#5b6475;font-size:.9rem}
  ul{padding-left:0;list-style:none}code{background:#f0f1f4;padding:.1rem .3rem;border-radius:4px}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(input: {
  challenge: string;
  csrf: string;
  clientName: string;
  email?: string;
  error?: string;
}): string {
  return page(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(input.clientName)}</h1>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="challenge" value="${escapeHtml(input.challenge)}">
  <input type="hidden" name="_csrf" value="${escapeHtml(input.csrf)}">
  <label for="email">Email</label>
  <input type="email" id="email" name="email" value="${escapeHtml(input.email ?? '')}" autofocus required>
  <label for="password">Password</label>
  <input type="password" id="password" name="password" required>
  <label class="check"><input type="checkbox" id="remember" name="remember" value="1"> Remember me</label>
  <div class="actions">
    <button type="submit" name="submit" value="login" id="accept">Sign in</button>
    <button type="submit" name="submit" value="deny" class="secondary" formnovalidate id="reject">Cancel</button>
  </div>
</form>
<p class="muted">Demo account: <code>foo@bar.com</code> / <code>foobar</code></p>`,
  );
}

export function consentPage(input: {
  challenge: string;
  csrf: string;
  clientName: string;
  subject: string;
  scopes: readonly string[];
  audience: readonly string[];
}): string {
  const scopes = input.scopes
    .map(
      (scope) =>
        `<li><label class="check"><input type="checkbox" class="grant_scope" id="scope-${escapeHtml(scope)}" name="grant_scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label></li>`,
    )
    .join('');
  return page(
    'Allow access',
    `<h1>${escapeHtml(input.clientName)} wants access</h1>
<p>Hi ${escapeHtml(input.subject)}, the application asks for these permissions:</p>
<form method="post" action="/consent">
  <input type="hidden" name="challenge" value="${escapeHtml(input.challenge)}">
  <input type="hidden" name="_csrf" value="${escapeHtml(input.csrf)}">
  <ul>${scopes || '<li class="muted">no scopes</li>'}</ul>
  ${input.audience.length > 0 ? `<p class="muted">For: ${input.audience.map(escapeHtml).join(', ')}</p>` : ''}
  <label class="check"><input type="checkbox" id="remember" name="remember" value="1"> Remember my decision</label>
  <div class="actions">
    <button type="submit" name="submit" value="allow" id="accept">Allow access</button>
    <button type="submit" name="submit" value="deny" class="secondary" id="reject">Deny</button>
  </div>
</form>`,
  );
}

export function logoutPage(input: { challenge: string; csrf: string; subject: string }): string {
  return page(
    'Sign out',
    `<h1>Sign out?</h1>
<p>You are signed in as ${escapeHtml(input.subject)}. Do you want to sign out of every application?</p>
<form method="post" action="/logout">
  <input type="hidden" name="challenge" value="${escapeHtml(input.challenge)}">
  <input type="hidden" name="_csrf" value="${escapeHtml(input.csrf)}">
  <div class="actions">
    <button type="submit" name="submit" value="yes" id="accept">Yes, sign me out</button>
    <button type="submit" name="submit" value="no" class="secondary" id="reject">No, stay signed in</button>
  </div>
</form>`,
  );
}

export function messagePage(title: string, message: string, link?: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${
      link ? `<p><a href="${escapeHtml(link)}">Continue</a></p>` : ''
    }`,
  );
}

import { call, type HttpAnswer } from './http';

type Json = Record<string, unknown>;

/** HTTP Basic credentials as RFC 6749 §2.3.1 wants them: each part form-url-encoded first. */
export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A form POST, optionally with an Authorization header. */
export function postForm(
  url: string,
  form: Record<string, string | string[]>,
  authorization?: string,
): Promise<HttpAnswer<Json>> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form))
    for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  return call<Json>('POST', url, {
    body: body.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
  });
}

/** Registers a client through the admin API and returns its JSON. */
export async function registerClient(adminUrl: string, client: Json): Promise<Json> {
  const answer = await call<Json>('POST', `${adminUrl}/admin/clients`, { json: client });
  if (answer.status !== 201)
    throw new Error(`client registration failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** A client_credentials token for a registered client (HTTP Basic). */
export async function clientCredentialsToken(
  publicUrl: string,
  clientId: string,
  secret: string,
  form: Record<string, string | string[]> = {},
): Promise<HttpAnswer<Json>> {
  return postForm(
    `${publicUrl}/oauth2/token`,
    { grant_type: 'client_credentials', ...form },
    basic(clientId, secret),
  );
}

export function introspect(
  adminUrl: string,
  token: string,
  form: Record<string, string> = {},
): Promise<HttpAnswer<Json>> {
  return postForm(`${adminUrl}/admin/oauth2/introspect`, { token, ...form });
}

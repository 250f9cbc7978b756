import type { Request } from 'express';
import { findUser } from './users';

/** How long a remembered login or consent lasts, in seconds. */
export const REMEMBER_FOR = 3600;

export const field = (request: Request, name: string): string =>
  typeof request.body?.[name] === 'string' ? (request.body[name] as string) : '';

export const query = (request: Request, name: string): string =>
  typeof request.query[name] === 'string' ? (request.query[name] as string) : '';

/** The name a page shows for a client. */
export function clientName(
  client: { client_name?: string; client_id?: string } | undefined,
): string {
  return client?.client_name || client?.client_id || 'the application';
}

/** The claims the ID token and UserInfo carry for a user (OIDC Core §5.1). */
export function idTokenClaims(subject: string): Record<string, unknown> {
  const user = findUser(subject);
  return user ? { email: user.email, email_verified: true, name: user.name } : {};
}

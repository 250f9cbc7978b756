import type { Response } from 'express';
import type { OAuthError } from '@tessera/kernel';

/**
 * Writes an error the way Hydra does (hydra-compat §2.13): `{error, error_description}` with the
 * error's status, never cached.
 */
export function sendOAuthError(response: Response, error: OAuthError): void {
  if (response.headersSent) return;
  response.status(error.status);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  response.json(error.toJSON());
}

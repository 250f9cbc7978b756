import { OAuthError } from '@tessera/kernel';
import type { RequestDenial } from './flow';

/** Hydra's names for a rejection that did not name its error (hydra-compat §2.7). */
export const LOGIN_DENIED = 'login request denied';
export const CONSENT_DENIED = 'consent request denied';

/**
 * A rejection as the OAuth error the client receives (hydra-compat §3.8): the UI's `error`
 * (Hydra's default name when empty), its description and hint; `status_code` only matters where
 * the error is shown rather than redirected.
 */
export function denialError(denial: RequestDenial, defaultName: string): OAuthError {
  return new OAuthError(
    denial.error || defaultName,
    denial.statusCode || 400,
    denial.errorDescription,
    denial.errorHint || undefined,
    denial.errorDebug || undefined,
  );
}

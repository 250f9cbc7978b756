import type { OAuthError } from './oauth-error';

/**
 * Turns an error from infrastructure (a database driver, a network client) into the error family,
 * so that the one error filter can render it without knowing the infrastructure. Returns
 * `undefined` for errors it does not recognise.
 */
export abstract class ErrorTranslator {
  abstract translate(error: unknown): OAuthError | undefined;
}

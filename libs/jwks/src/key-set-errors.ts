import { OAuthError } from '@tessera/kernel';

/** Hydra's 404 for a key set that does not exist (it differs from the one for a single key). */
export class KeySetNotFoundError extends OAuthError {
  constructor() {
    super('Not Found', 404, 'Unable to locate the requested resource');
  }
}

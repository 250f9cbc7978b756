/** A login (OIDC Core §2 `sid`): remembered ones let the next authorization request skip the login UI. */
export interface LoginSession {
  readonly id: string;
  readonly subject: string;
  readonly authenticatedAt: Date;
  readonly remember: boolean;
  readonly identityProviderSessionId: string;
  readonly expiresAt: Date;
}

/** Storage port of login sessions. Implementations: TypeORM and the in-memory twin in `@tessera/testing`. */
export abstract class LoginSessionStore {
  abstract find(id: string): Promise<LoginSession | undefined>;

  /** Creates the session, or replaces the one with its id. */
  abstract save(session: LoginSession): Promise<void>;

  /** `false` when there was no such session (it was logged out already). */
  abstract delete(id: string): Promise<boolean>;

  abstract deleteBySubject(subject: string): Promise<number>;
}

/** Storage port of `force_subject_identifier` values, per client and subject. */
export abstract class ForcedSubjectStore {
  abstract set(clientId: string, subject: string, forced: string): Promise<void>;

  abstract find(clientId: string, subject: string): Promise<string | undefined>;
}

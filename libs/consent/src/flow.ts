/**
 * The state of one login-and-consent flow (hydra-compat §3.1). It never touches the database
 * while it runs: it travels sealed inside the challenges and verifiers, and only a completed
 * consent is written (`ConsentSessionStore`).
 */
export interface Flow {
  /** The flow id (Hydra's "login challenge id"): 32 hex characters. */
  readonly id: string;
  /** When the authorization request arrived, milliseconds since the epoch. */
  readonly requestedAt: number;
  readonly clientId: string;
  /** The client as it was when the flow started, as the admin API shows it (no secret). */
  readonly client: Record<string, unknown>;
  readonly requestUrl: string;
  readonly requestedScope: readonly string[];
  readonly requestedAudience: readonly string[];
  /** `oidc_context` as the login and consent UIs see it (hydra-compat §2.3). */
  readonly oidcContext: Record<string, unknown>;
  /** The login session (`sid`). */
  readonly sessionId: string;
  readonly loginCsrf: string;
  /** A remembered login exists: the login UI should accept it without asking (hydra-compat §3.3). */
  readonly loginSkip?: boolean;
  /** The subject of the remembered login, when `loginSkip`. */
  readonly rememberedSubject?: string;
  /** When the remembered login happened, seconds since the epoch. */
  readonly rememberedAuthTime?: number;
  /** The `sub` the client sees (pairwise or forced), fixed once the login is verified. */
  readonly oidcSubject?: string;
  /** A remembered consent covers the request: the consent UI should accept without asking. */
  readonly consentSkip?: boolean;
  readonly login?: HandledLogin;
  readonly loginError?: RequestDenial;
  readonly consentRequestId?: string;
  readonly consentCsrf?: string;
  readonly consent?: HandledConsent;
  readonly consentError?: RequestDenial;
}

/** What the login UI accepted (hydra-compat §2.4). */
export interface HandledLogin {
  readonly subject: string;
  readonly remember: boolean;
  readonly rememberFor: number;
  readonly extendSessionLifespan: boolean;
  readonly acr: string;
  readonly amr: readonly string[];
  readonly context: unknown;
  readonly forceSubjectIdentifier: string;
  readonly identityProviderSessionId: string;
  /** Seconds since the epoch. */
  readonly authenticatedAt: number;
}

/** What the consent UI granted (hydra-compat §2.6). */
export interface HandledConsent {
  readonly grantScope: readonly string[];
  readonly grantAudience: readonly string[];
  readonly remember: boolean;
  readonly rememberFor: number;
  readonly session: {
    readonly accessToken: Record<string, unknown>;
    readonly idToken: Record<string, unknown>;
  };
  readonly context: unknown;
  /** Milliseconds since the epoch. */
  readonly handledAt: number;
}

/** A login or consent rejection (hydra-compat §2.7), delivered to the client as an OAuth error. */
export interface RequestDenial {
  readonly error: string;
  readonly errorDescription: string;
  readonly errorHint: string;
  readonly errorDebug: string;
  readonly statusCode: number;
}

import type { Page, PageRequest } from '@tessera/database';
import type { Flow, HandledConsent, HandledLogin } from './flow';

/** A flow whose consent was granted: everything a consent session is made of. */
export interface CompletedFlow extends Flow {
  readonly consentRequestId: string;
  readonly login: HandledLogin;
  readonly consent: HandledConsent;
}

/** A recorded consent, as the consent session API shows it (hydra-compat §2.10). */
export interface ConsentSession {
  readonly flowId: string;
  readonly consentRequestId: string;
  readonly clientId: string;
  readonly subject: string;
  readonly loginSessionId: string;
  readonly requestedScope: readonly string[];
  readonly requestedAudience: readonly string[];
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly remember: boolean;
  readonly rememberFor: number;
  readonly consentSkip: boolean;
  readonly requestUrl: string;
  readonly oidcContext: Record<string, unknown>;
  readonly session: HandledConsent['session'];
  readonly loginContext: unknown;
  readonly context: unknown;
  readonly acr: string;
  readonly amr: readonly string[];
  readonly handledAt: Date;
}

/** Which consents a revocation means (hydra-compat §1.3). */
export type ConsentSelection =
  { readonly consentRequestId: string } | { readonly subject: string; readonly clientId?: string };

/**
 * Storage port of completed consents (`oauth2_flow`). Recording a flow is its single use: the
 * second attempt to record the same flow is refused. Implementations: TypeORM and the in-memory
 * twin in `@tessera/testing`.
 */
export abstract class ConsentSessionStore {
  /** `false` when this flow was recorded before (its consent verifier was already used). */
  abstract record(flow: CompletedFlow): Promise<boolean>;

  abstract has(flowId: string): Promise<boolean>;

  /**
   * The newest consent of this subject for this client that was remembered (not itself skipped)
   * and has not run out (`remember_for`), as of `now`.
   */
  abstract findRemembered(
    subject: string,
    clientId: string,
    now: Date,
  ): Promise<ConsentSession | undefined>;

  /** The subject's granted, non-skipped consents that have not run out, by flow id. */
  abstract list(
    subject: string,
    loginSessionId: string | undefined,
    page: PageRequest,
    now: Date,
  ): Promise<Page<ConsentSession>>;

  /** The consent request ids (grant chains) of the selected consents. */
  abstract consentRequestIds(selection: ConsentSelection): Promise<string[]>;

  abstract deleteByConsentRequestIds(ids: readonly string[]): Promise<number>;

  /** The clients that took part in a login session: those with a consent in it. */
  abstract clientsOfLoginSession(subject: string, loginSessionId: string): Promise<string[]>;
}

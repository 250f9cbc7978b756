import type { Flow, HandledConsent, HandledLogin } from './flow';

/** A flow whose consent was granted: everything a consent session is made of. */
export interface CompletedFlow extends Flow {
  readonly consentRequestId: string;
  readonly login: HandledLogin;
  readonly consent: HandledConsent;
}

/**
 * Storage port of completed consents (`oauth2_flow`). Recording a flow is its single use: the
 * second attempt to record the same flow is refused. Implementations: TypeORM and the in-memory
 * twin in `@tessera/testing`.
 */
export abstract class ConsentSessionStore {
  /** `false` when this flow was recorded before (its consent verifier was already used). */
  abstract record(flow: CompletedFlow): Promise<boolean>;

  abstract has(flowId: string): Promise<boolean>;
}

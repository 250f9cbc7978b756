/** What a login, consent or logout request ended with. */
export type FlowStep = 'login' | 'consent' | 'logout';
export type FlowDecision = 'accepted' | 'rejected';

/**
 * The events of the OAuth 2.0 domain worth counting. The libs record them here; the apps export
 * them (Prometheus). A port, so that the domain does not know how it is observed.
 */
export abstract class Telemetry {
  /** Tokens issued by a grant (`authorization_code`, `refresh_token`, `implicit`, …). */
  abstract tokenIssued(grantType: string): void;

  /** An introspection, and whether the token was active. */
  abstract introspected(active: boolean): void;

  /** A login UI's, consent UI's or logout UI's decision. */
  abstract flowDecided(step: FlowStep, decision: FlowDecision): void;
}

/** Telemetry that records nothing (tests, tools). */
export class SilentTelemetry extends Telemetry {
  tokenIssued(): void {}
  introspected(): void {}
  flowDecided(): void {}
}

/**
 * Failed client authentications are counted in fixed windows of one minute, aligned to the epoch,
 * so that every replica puts a failure in the same window without talking to the others.
 */
export const FAILURE_WINDOW_MS = 60_000;

/** The start (epoch ms) of the window that holds `nowMs`. */
export function failureWindowStart(nowMs: number): number {
  return nowMs - (nowMs % FAILURE_WINDOW_MS);
}

/**
 * Failed client authentications per caller, shared by every replica, for the lock-out of RFC 6819
 * §5.1.4.2.3: a brake kept in one process only would give an attacker a fresh budget on every
 * replica. Keys are what the per-IP limits count by (an address or an IPv6 /64); windows are
 * `failureWindowStart` values. Implemented on TypeORM in `@tessera/database`.
 */
export abstract class AuthenticationFailureLedger {
  /**
   * The failures recorded under `key` in the window starting at `windowStart`. A later window's
   * count (a replica whose clock runs ahead) counts too; an earlier one is over and counts 0.
   */
  abstract failures(key: string, windowStart: number): Promise<number>;

  /** Counts one failure under `key` in the window starting at `windowStart`. */
  abstract record(key: string, windowStart: number): Promise<void>;
}

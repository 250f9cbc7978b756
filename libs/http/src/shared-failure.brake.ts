import {
  type AuthenticationFailureLedger,
  FAILURE_WINDOW_MS,
  failureWindowStart,
  setBounded,
} from '@tessera/kernel';

/** How many keys the brake remembers; the least recently touched go first. */
const MAX_KEYS = 50_000;
/** How long a count read from the ledger is believed. */
const FRESH_MS = 1_000;
/** How long a request waits for the ledger before it goes on with what this process knows. */
const READ_TIMEOUT_MS = 250;
/**
 * Ledger reads and writes under way at most: beyond, the brake goes on with what this process
 * knows rather than let a flood of failures take the database connections real requests need.
 */
const MAX_IN_FLIGHT = 32;

interface Entry {
  /** The window the counts belong to (`failureWindowStart`). */
  readonly window: number;
  /** Every replica's failures, as last read from the ledger. */
  shared: number;
  /** This process's failures in the window, counted the moment they happen. */
  local: number;
  /** `local` when the read that gave `shared` started: what `shared` may already hold. */
  base: number;
  /** When the last read started; reads start at most once per `FRESH_MS`. */
  readAt: number;
  reading?: Promise<void>;
}

export interface SharedFailureBrakeOptions {
  /** Told about ledger errors: the first of a run of them, not every one. */
  readonly report?: (error: unknown) => void;
  readonly now?: () => number;
  readonly maxKeys?: number;
}

/**
 * The failed-authentication brake across replicas (RFC 6819 §5.1.4.2.3): every replica's
 * failures of a key in the current minute, from an `AuthenticationFailureLedger`, at the cost of
 * at most one read per key and second. A count read is believed for a second, and this process's
 * own failures are added to it the moment they happen; within a window counts only grow, so a key
 * over the limit needs no read at all. The ledger failing or slow never stops a request: the brake
 * then knows only this process's failures (it fails open; the per-process brake still applies).
 */
export class SharedFailureBrake {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxKeys: number;
  private failing = false;
  private inFlight = 0;

  constructor(
    private readonly ledger: AuthenticationFailureLedger,
    private readonly perMinute: number,
    private readonly options: SharedFailureBrakeOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? MAX_KEYS;
  }

  /**
   * Seconds until `key` may try again (0: now): from memory when the count is fresh or already
   * over the limit, else after one read of the ledger (at most `READ_TIMEOUT_MS`).
   */
  wait(key: string): number | Promise<number> {
    const now = this.now();
    const entry = this.entry(key, now);
    if (count(entry) >= this.perMinute || now - entry.readAt < FRESH_MS) {
      return this.waitOf(entry, now);
    }
    return this.refresh(key, entry, now).then(() => this.waitOf(entry, this.now()));
  }

  /** Counts a failure of `key` here at once, and in the ledger in the background. */
  record(key: string): void {
    const entry = this.entry(key, this.now());
    entry.local += 1;
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    this.track(this.ledger.record(key, entry.window)).then(
      () => this.succeeded(),
      (error: unknown) => this.failed(error),
    );
  }

  /** Counts `work` as under way until it settles. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    return work.finally(() => (this.inFlight -= 1));
  }

  private waitOf(entry: Entry, now: number): number {
    const end = entry.window + FAILURE_WINDOW_MS;
    if (now >= end || count(entry) < this.perMinute) return 0;
    return Math.max(1, Math.ceil((end - now) / 1000));
  }

  /** Starts a read unless one is under way; resolves when it is done or has taken too long. */
  private refresh(key: string, entry: Entry, now: number): Promise<void> {
    if (!entry.reading) {
      if (this.inFlight >= MAX_IN_FLIGHT) return Promise.resolve();
      const base = entry.local;
      entry.readAt = now;
      entry.reading = this.track(this.ledger.failures(key, entry.window))
        .then(
          (shared) => {
            entry.shared = shared;
            entry.base = base;
            this.succeeded();
          },
          (error: unknown) => this.failed(error),
        )
        .finally(() => (entry.reading = undefined));
    }
    return withTimeout(entry.reading, READ_TIMEOUT_MS);
  }

  /** The entry of `key` in the current window, most recently used last. */
  private entry(key: string, now: number): Entry {
    const window = failureWindowStart(now);
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    if (!entry || entry.window !== window) {
      entry = { window, shared: 0, local: 0, base: 0, readAt: -Infinity };
    }
    setBounded(this.entries, key, entry, this.maxKeys);
    return entry;
  }

  private succeeded(): void {
    this.failing = false;
  }

  private failed(error: unknown): void {
    if (!this.failing) this.options.report?.(error);
    this.failing = true;
  }
}

/** Every replica's failures as far as known: the last count read plus this process's since. */
function count(entry: Entry): number {
  return entry.shared + entry.local - entry.base;
}

/** `work`, or nothing once `ms` have passed; `work` itself never rejects. */
function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

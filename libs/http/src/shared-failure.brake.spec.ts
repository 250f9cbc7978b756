import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationFailureLedger, failureWindowStart } from '@tessera/kernel';
import { SharedFailureBrake } from './shared-failure.brake';

/** What every replica recorded, as the database would hold it; counts its reads and writes. */
class FakeLedger extends AuthenticationFailureLedger {
  readonly rows = new Map<string, { window: number; failures: number }>();
  reads = 0;
  writes = 0;
  broken = false;
  hanging = false;
  hangingWrites = false;

  async failures(key: string, windowStart: number): Promise<number> {
    this.reads += 1;
    if (this.hanging) return new Promise<number>(() => undefined);
    if (this.broken) throw new Error('database unavailable');
    const row = this.rows.get(key);
    return row && row.window >= windowStart ? row.failures : 0;
  }

  async record(key: string, windowStart: number): Promise<void> {
    this.writes += 1;
    if (this.hangingWrites) return new Promise<void>(() => undefined);
    if (this.broken) throw new Error('database unavailable');
    this.elsewhere(key, windowStart, 1);
  }

  /** Failures another replica recorded. */
  elsewhere(key: string, window: number, failures: number): void {
    const row = this.rows.get(key);
    const same = row && row.window === window;
    this.rows.set(key, { window, failures: (same ? row.failures : 0) + failures });
  }
}

const WINDOW = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

function setUp(perMinute = 3) {
  const clock = { now: WINDOW + 10_000 };
  const ledger = new FakeLedger();
  const errors: unknown[] = [];
  const brake = new SharedFailureBrake(ledger, perMinute, {
    now: () => clock.now,
    report: (error) => errors.push(error),
    maxKeys: 3,
  });
  return { clock, ledger, errors, brake };
}

/** Lets the ledger's background promises settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedFailureBrake', () => {
  afterEach(() => vi.useRealTimers());

  it('reads a key at most once a second, and answers from memory in between', async () => {
    const { clock, ledger, brake } = setUp();
    await expect(brake.wait('198.51.100.1')).resolves.toBe(0);
    expect(ledger.reads).toBe(1);
    for (let index = 0; index < 50; index++) expect(brake.wait('198.51.100.1')).toBe(0);
    clock.now += 999;
    expect(brake.wait('198.51.100.1')).toBe(0);
    expect(ledger.reads).toBe(1);
    clock.now += 1;
    await expect(brake.wait('198.51.100.1')).resolves.toBe(0);
    expect(ledger.reads).toBe(2);
    await expect(brake.wait('198.51.100.2')).resolves.toBe(0); // keys are independent
    expect(ledger.reads).toBe(3);
  });

  it("counts this process's failures at once and writes each one to the ledger", async () => {
    const { clock, ledger, brake } = setUp();
    await brake.wait('ip');
    for (let index = 0; index < 3; index++) brake.record('ip');
    // 50 s are left of the window: that is the wait, answered without reading again.
    expect(brake.wait('ip')).toBe(50);
    await settled();
    expect(ledger.writes).toBe(3);
    expect(ledger.rows.get('ip')).toEqual({ window: WINDOW, failures: 3 });
    clock.now += 5_000;
    expect(brake.wait('ip')).toBe(45);
    expect(ledger.reads).toBe(1);
  });

  it("sees the other replicas' failures within a second, and adds its own to them", async () => {
    const { clock, ledger, brake } = setUp();
    await expect(brake.wait('ip')).resolves.toBe(0);
    ledger.elsewhere('ip', WINDOW, 2);
    expect(brake.wait('ip')).toBe(0); // still the count of the last read
    clock.now += 1_000;
    await expect(brake.wait('ip')).resolves.toBe(0); // 2 of 3
    brake.record('ip');
    expect(brake.wait('ip')).toBe(49);
  });

  it('does not count a failure twice once the ledger holds it', async () => {
    const { clock, ledger, brake } = setUp();
    await brake.wait('ip');
    brake.record('ip');
    brake.record('ip');
    await settled();
    clock.now += 1_000;
    await expect(brake.wait('ip')).resolves.toBe(0); // 2 in the ledger, not 2 + 2
    ledger.elsewhere('ip', WINDOW, 1);
    clock.now += 1_000;
    await expect(brake.wait('ip')).resolves.toBe(48);
  });

  it('starts every key afresh with the next window, and waits at least a second', async () => {
    const { clock, ledger, brake } = setUp(1);
    ledger.elsewhere('ip', WINDOW, 5);
    clock.now = WINDOW + 59_999;
    await expect(brake.wait('ip')).resolves.toBe(1);
    clock.now = WINDOW + 60_000;
    await expect(brake.wait('ip')).resolves.toBe(0);
    expect(failureWindowStart(clock.now)).toBe(WINDOW + 60_000);
  });

  it('fails open when the ledger fails, reports the first error only, and retries a second later', async () => {
    const { clock, ledger, errors, brake } = setUp();
    ledger.broken = true;
    await expect(brake.wait('ip')).resolves.toBe(0);
    brake.record('ip');
    await settled();
    expect(brake.wait('ip')).toBe(0); // no new read within the second
    expect(ledger.reads).toBe(1);
    expect(errors).toHaveLength(1);
    brake.record('ip');
    brake.record('ip');
    // This process's own failures still count.
    expect(brake.wait('ip')).toBe(50);
    ledger.broken = false;
    clock.now += 1_000;
    await expect(brake.wait('other')).resolves.toBe(0);
    ledger.broken = true;
    await expect(brake.wait('third')).resolves.toBe(0);
    expect(errors).toHaveLength(2); // a new outage is reported again
  });

  it('lets a request go on when the ledger hangs, and starts no second read meanwhile', async () => {
    vi.useFakeTimers();
    const { clock, ledger, brake } = setUp();
    ledger.hanging = true;
    const waiting = brake.wait('ip');
    await vi.advanceTimersByTimeAsync(250);
    await expect(waiting).resolves.toBe(0);
    clock.now += 5_000;
    const again = brake.wait('ip');
    await vi.advanceTimersByTimeAsync(250);
    await expect(again).resolves.toBe(0);
    expect(ledger.reads).toBe(1);
  });

  it('remembers a bounded number of keys, forgetting the least recently used', async () => {
    const { ledger, brake } = setUp();
    for (const key of ['a', 'b', 'c']) await brake.wait(key);
    brake.wait('a'); // fresh: from memory
    await brake.wait('d'); // evicts b
    expect(ledger.reads).toBe(4);
    expect(brake.wait('a')).toBe(0);
    await brake.wait('b');
    expect(ledger.reads).toBe(5);
  });

  it('keeps at most 32 ledger operations under way, going on from memory beyond', async () => {
    const { ledger, brake } = setUp();
    ledger.hangingWrites = true;
    for (let index = 0; index < 40; index++) brake.record(`203.0.113.${index}`);
    expect(ledger.writes).toBe(32);
    const reads = ledger.reads;
    await expect(brake.wait('198.51.100.9')).resolves.toBe(0);
    expect(ledger.reads).toBe(reads);
  });
});

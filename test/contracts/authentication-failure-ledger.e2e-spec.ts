import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeOrmAuthenticationFailureLedger } from '@tessera/database';
import { FAILURE_WINDOW_MS, failureWindowStart } from '@tessera/kernel';
import {
  createTestRuntime,
  TEST_ENGINES,
  TEST_SYSTEM_SECRET,
  type TestRuntime,
} from '@tessera/testing';

const WINDOW = failureWindowStart(1_800_000_000_000);
const NEXT = WINDOW + FAILURE_WINDOW_MS;

/** The shared failure counts (RFC 6819 §5.1.4.2.3): one upsert per failure, one read by key. */
describe.each(TEST_ENGINES)('TypeOrmAuthenticationFailureLedger on %s', (engine) => {
  let runtime: TestRuntime;
  let ledger: TypeOrmAuthenticationFailureLedger;

  beforeAll(async () => {
    runtime = await createTestRuntime({ engine });
    ledger = new TypeOrmAuthenticationFailureLedger(runtime.dataSource, TEST_SYSTEM_SECRET);
  });
  afterAll(async () => runtime?.close());

  it('counts the failures of a key in its window, and none in a later one', async () => {
    expect(await ledger.failures('198.51.100.7', WINDOW)).toBe(0);
    for (let index = 0; index < 3; index++) await ledger.record('198.51.100.7', WINDOW);
    expect(await ledger.failures('198.51.100.7', WINDOW)).toBe(3);
    expect(await ledger.failures('198.51.100.8', WINDOW)).toBe(0);
    expect(await ledger.failures('198.51.100.7', NEXT)).toBe(0);
    // A replica whose clock runs behind still sees the newer window's count.
    expect(await ledger.failures('198.51.100.7', WINDOW - FAILURE_WINDOW_MS)).toBe(3);
  });

  it('starts over in a new window, and adds a late failure of an old one to the new one', async () => {
    await ledger.record('2001:db8:1:2::/64', WINDOW);
    await ledger.record('2001:db8:1:2::/64', NEXT);
    expect(await ledger.failures('2001:db8:1:2::/64', NEXT)).toBe(1);
    await ledger.record('2001:db8:1:2::/64', WINDOW);
    expect(await ledger.failures('2001:db8:1:2::/64', NEXT)).toBe(2);
  });

  it('loses no failure to concurrent recording', async () => {
    await Promise.all(Array.from({ length: 25 }, () => ledger.record('203.0.113.9', WINDOW)));
    expect(await ledger.failures('203.0.113.9', WINDOW)).toBe(25);
  });

  it('stores a fixed-length keyed hash, never the address', async () => {
    const rows = (await runtime.dataSource.query(
      'SELECT key, window_start, failures FROM oauth2_authentication_failure',
    )) as { key: string; window_start: string | number; failures: number }[];
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.key).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toMatch(/198\.51|2001:db8|203\.0/);
    }
    const other = new TypeOrmAuthenticationFailureLedger(runtime.dataSource, 'another-secret-0123');
    expect(other.storageKey('198.51.100.7')).not.toBe(ledger.storageKey('198.51.100.7'));
    expect(await other.failures('198.51.100.7', WINDOW)).toBe(0);
  });
});

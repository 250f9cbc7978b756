import { formatGoDuration, parseGoDuration } from '@tessera/kernel';
import { type ClientLifespans, LIFESPAN_FIELDS } from './oauth2-client';

/**
 * The complete lifespan set from a (type-checked) document: missing fields become null (the
 * server default), durations are stored in Go's normal form (`1h` → `1h0m0s`).
 */
export function normaliseLifespans(
  input: Partial<Record<keyof ClientLifespans, string | null>>,
): ClientLifespans {
  const entries = LIFESPAN_FIELDS.map((field) => {
    const value = input[field];
    const nanos = typeof value === 'string' ? parseGoDuration(value) : undefined;
    return [field, nanos === undefined ? null : formatGoDuration(nanos)];
  });
  return Object.fromEntries(entries) as ClientLifespans;
}

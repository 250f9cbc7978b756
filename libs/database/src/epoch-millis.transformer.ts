import type { ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as epoch milliseconds in BIGINT columns: one representation on every
 * engine, no time-zone conversions, and cheap range comparisons for expiry.
 * PostgreSQL returns BIGINT as a string, SQLite as a number.
 */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) =>
    value === null || value === undefined ? value : new Date(Number(value)),
};

/** JSON stored in a TEXT column, identically on every engine. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) =>
    value === null || value === undefined ? value : (JSON.parse(value) as unknown),
};

import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  ErrorTranslator,
  InvalidRequestError,
  type OAuthError,
  TemporarilyUnavailableError,
} from '@tessera/kernel';
import { QUERY_TIMEOUT_MESSAGE } from './fail-fast-pool';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001',
  '08003',
  '08006',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  QUERY_TIMEOUT_MESSAGE, // query_timeout: the database did not answer (a network partition)
  'Client was closed and is not queryable', // a statement after its connection timed out
];

/** Text PostgreSQL cannot store or compare: NUL (`22021`), or in JSON `\u0000` (`22P05`). */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

/**
 * Maps database driver errors onto the error family: duplicates → 409, text the database cannot
 * hold (a NUL a client sent) → 400, outages → 503.
 */
@Injectable()
export class DatabaseErrorTranslator extends ErrorTranslator {
  translate(error: unknown): OAuthError | undefined {
    if (isUniqueViolation(error)) return new ConflictError();
    if (codes(error).some((code) => UNSTORABLE_TEXT_CODES.has(code))) {
      return new InvalidRequestError().withHint(
        'A parameter contains a character that cannot be stored, such as NUL.',
      );
    }
    if (isDatabaseUnavailable(error)) {
      return new TemporarilyUnavailableError().withDebug(String((error as Error).message));
    }
    return undefined;
  }
}

function codes(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof record.code === 'string') found.push(record.code);
    current = record.driverError ?? record.cause;
  }
  return found;
}

export function isUniqueViolation(error: unknown): boolean {
  return codes(error).some(
    (code) =>
      code === '23505' ||
      code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
      code === 'SQLITE_CONSTRAINT_UNIQUE',
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (codes(error).some((code) => UNAVAILABLE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((text) => message.includes(text));
}

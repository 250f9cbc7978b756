import { BadRequestError } from '@tessera/kernel';
import type { PageTokenCodec } from './page-token.codec';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** A request for one page: at most `size` items whose key is greater than `after`. */
export interface PageRequest {
  readonly size: number;
  readonly after?: string;
}

/** One page of results and the cursor of the next page, if there is one. */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/**
 * Reads `page_size` and `page_token` as Hydra does (hydra-compat §1.1): size defaults to 100,
 * is capped at 500, and values ≤ 0 mean the default; a non-numeric size is a 400.
 */
export function parsePageRequest(
  query: { page_size?: unknown; page_token?: unknown },
  codec: PageTokenCodec,
): PageRequest {
  const size = parsePageSize(first(query.page_size));
  const token = first(query.page_token);
  return token ? { size, after: codec.decode(token) } : { size };
}

function parsePageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    throw new BadRequestError(
      'Unable to parse pagination parameters: page_size must be a whole number.',
    );
  }
  const size = Number(raw);
  if (size <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** Splits a query result fetched with `LIMIT size + 1` into a page and its next cursor. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string): Page<T> {
  if (rows.length <= size) return { items: rows };
  const items = rows.slice(0, size);
  return { items, next: keyOf(items[items.length - 1]) };
}

import { BadRequestError } from './oauth-errors';

/** How large a JSON document (a request body, a client after a JSON Patch) may be. */
export const JSON_DOCUMENT_LIMIT_BYTES = 1024 * 1024;
/** How deeply a JSON document may nest arrays and objects. */
export const JSON_NESTING_LIMIT = 128;

/** A lone UTF-16 surrogate: with the `u` flag, a surrogate pair is one code point and no match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a decoded JSON document cannot be taken, or `undefined` when it can.
 *
 * - A `\uD800`-style escape may spell a lone UTF-16 surrogate, which is not Unicode text
 *   (RFC 8259 §8.2): the database stores it changed or not at all, so a client id, key id or
 *   subject written with one could never be found again.
 * - Nesting is bounded: mapping a document onto its DTO recurses once per level, and a few
 *   thousand levels exhaust the stack.
 *
 * Walks with an explicit stack, so the check itself cannot overflow.
 */
export function jsonShapeFault(document: unknown): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: document, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return 'a string holds a lone UTF-16 surrogate';
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= JSON_NESTING_LIMIT) {
        return `arrays and objects nest more than ${JSON_NESTING_LIMIT} levels deep`;
      }
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, item] of entries) {
        if (typeof key === 'string' && LONE_SURROGATE.test(key)) {
          return 'a member name holds a lone UTF-16 surrogate';
        }
        pending.push({ value: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** `jsonShapeFault` as the 400 that answers it, or `undefined`. */
export function jsonShapeError(document: unknown): BadRequestError | undefined {
  const fault = jsonShapeFault(document);
  return fault ? new BadRequestError(`Unable to decode the request body: ${fault}.`) : undefined;
}

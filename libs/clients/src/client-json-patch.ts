import { applyPatch, type Operation } from 'fast-json-patch';
import { BadRequestError, JSON_DOCUMENT_LIMIT_BYTES, jsonShapeError } from '@tessera/kernel';

const ALLOWED_OPERATIONS = new Set(['add', 'remove', 'replace']);
const MAX_OPERATIONS = 256;
/** Members a patch may not touch: the identity of the client. */
const DENIED_PATHS = ['/client_id', '/id'];

/**
 * Applies an RFC 6902 JSON Patch to a client document, as Hydra allows it (hydra-compat §1.3):
 * only `add`, `remove` and `replace`; `replace` of a missing object member acts as `add`; the
 * client id cannot change; the result is no larger nor deeper than a request body may be. Any other input is
 * a 400 (Hydra answers 500 here; see docs/compatibility.md). Returns a new document.
 */
export function applyClientPatch(
  document: Record<string, unknown>,
  patch: unknown,
): Record<string, unknown> {
  const operations = checkOperations(patch);
  let patched: Record<string, unknown>;
  try {
    patched = applyPatch(structuredClone(document), operations, true, true).newDocument;
  } catch (error) {
    throw new BadRequestError(
      `The JSON Patch document could not be applied: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  // Each patch is checked as a request body; without this, patches could grow or nest a client
  // without bound (the body parser sees only the patch, not the client it makes).
  const refused = jsonShapeError(patched);
  if (refused) throw refused;
  if (Buffer.byteLength(JSON.stringify(patched)) > JSON_DOCUMENT_LIMIT_BYTES) {
    throw new BadRequestError(
      `The patched client would be larger than ${JSON_DOCUMENT_LIMIT_BYTES} bytes, the most a request body may carry.`,
    );
  }
  return patched;
}

function checkOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch))
    throw new BadRequestError(
      'The request body must be a JSON Patch document: an array of operations.',
    );
  if (patch.length > MAX_OPERATIONS)
    throw new BadRequestError(
      `A JSON Patch document may hold at most ${MAX_OPERATIONS} operations.`,
    );
  return patch.map((operation: unknown, index) => checkOperation(operation, index));
}

function checkOperation(operation: unknown, index: number): Operation {
  if (typeof operation !== 'object' || operation === null || Array.isArray(operation)) {
    throw new BadRequestError(`JSON Patch operation ${index + 1} must be an object.`);
  }
  const { op, path, value } = operation as { op?: unknown; path?: unknown; value?: unknown };
  if (typeof op !== 'string' || !ALLOWED_OPERATIONS.has(op)) {
    throw new BadRequestError(
      `JSON Patch operation ${index + 1}: unsupported operation ${JSON.stringify(op)}; only add, remove and replace are allowed.`,
    );
  }
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
    throw new BadRequestError(
      `JSON Patch operation ${index + 1} needs a path that is a JSON Pointer.`,
    );
  }
  if (
    path === '' ||
    DENIED_PATHS.some(
      (denied) => path.toLowerCase() === denied || path.toLowerCase().startsWith(`${denied}/`),
    )
  ) {
    throw new BadRequestError(
      `JSON Patch operation ${index + 1}: the path ${path} cannot be changed.`,
    );
  }
  if (op !== 'remove' && !('value' in (operation as object))) {
    throw new BadRequestError(`JSON Patch operation ${index + 1} (${op}) needs a value.`);
  }
  // Hydra: `replace` of an object member that does not exist adds it; array indices stay `replace`.
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  const isArrayIndex = /^(\d+|-)$/.test(lastSegment);
  if (op === 'replace' && !isArrayIndex) return { op: 'add', path, value };
  return op === 'remove' ? { op: 'remove', path } : ({ op, path, value } as Operation);
}

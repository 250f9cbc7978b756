import { InvalidRequestError } from '@tessera/kernel';
import { splitSpaceList } from '../oauth-form';
import { type AuthorizeParameters, VERIFIER_PARAMETERS } from './authorize-request';

/** The parameters of one authorization request. */
export interface CollectedParameters {
  /** Every single-valued parameter with a value. */
  readonly params: Map<string, string>;
  /** Hydra's `audience`: repeated, or once with space-separated values. */
  readonly audience: string[];
  /** Every parameter in its original order, without the flow's verifiers: the request URL. */
  readonly original: Array<[string, string]>;
}

/**
 * The most an authorization request may carry, URL-encoded, without the flow's verifiers. Its
 * URL travels on sealed in every challenge and verifier of the flow, and comes back with them in
 * a URL the server reads (Node reads at most 16 KiB of request head): a request much bigger than
 * this could never come back from the login UI. Far above what real requests send.
 */
export const MAX_AUTHORIZE_PARAMETERS_LENGTH = 6 * 1024;

const duplicate = (name: string) =>
  new InvalidRequestError().withHint(`The parameter '${name}' must not be given more than once.`);

/**
 * Query and form parameters together (RFC 6749 §3.1: POST is allowed too). Parameters must not
 * repeat (§3.1), except Hydra's `audience`.
 */
export function collectParameters(input: AuthorizeParameters): CollectedParameters {
  const params = new Map<string, string>();
  const audiences: string[] = [];
  const original: Array<[string, string]> = [];
  for (const source of [input.query, input.body ?? {}]) {
    for (const [name, value] of Object.entries(source)) {
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      if (!values.every((item): item is string => typeof item === 'string')) {
        throw new InvalidRequestError().withHint(`The parameter '${name}' is malformed.`);
      }
      if (!(VERIFIER_PARAMETERS as readonly string[]).includes(name))
        for (const item of values) original.push([name, item]);
      if (name === 'audience') {
        audiences.push(...values);
        continue;
      }
      if (values.length > 1 || params.has(name)) throw duplicate(name);
      if (values[0] !== '') params.set(name, values[0].trim());
    }
  }
  const audience =
    audiences.length === 1
      ? splitSpaceList(audiences[0])
      : [...new Set(audiences.filter((a) => a !== ''))];
  return { params, audience, original };
}

/** `invalid_request` for an authorization request too big to travel through its flow. */
export function checkRequestLength(original: ReadonlyArray<[string, string]>): void {
  if (new URLSearchParams([...original]).toString().length > MAX_AUTHORIZE_PARAMETERS_LENGTH) {
    throw new InvalidRequestError().withHint(
      `The request parameters must not exceed ${MAX_AUTHORIZE_PARAMETERS_LENGTH} characters.`,
    );
  }
}

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

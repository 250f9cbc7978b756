import { InvalidRequestError } from '@tessera/kernel';

/** A decoded `application/x-www-form-urlencoded` body: each name maps to one value or, if repeated, several. */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The parameters of an OAuth 2.0 request body. RFC 6749 §3.2: parameters MUST NOT be included
 * more than once — except those that are lists by design (Hydra's repeated `audience`).
 */
export class OAuthForm {
  private constructor(readonly fields: FormFields) {}

  /** Checks the body: not empty, no parameter twice unless listed in `repeatable`. */
  static from(fields: FormFields | undefined, repeatable: readonly string[] = []): OAuthForm {
    if (!fields || Object.keys(fields).length === 0) {
      throw new InvalidRequestError().withHint('The POST body can not be empty.');
    }
    for (const [name, value] of Object.entries(fields)) {
      if (Array.isArray(value) && !repeatable.includes(name)) {
        throw new InvalidRequestError().withHint(
          `The parameter '${name}' must not be given more than once.`,
        );
      }
    }
    return new OAuthForm(fields);
  }

  /** The value of a single-valued parameter; `undefined` when absent or empty. */
  get(name: string): string | undefined {
    const value = this.fields[name];
    const single = Array.isArray(value) ? value[0] : (value as string | undefined);
    return single === undefined || single === '' ? undefined : single;
  }

  /** Every value of a parameter that may repeat. */
  getAll(name: string): string[] {
    const value = this.fields[name];
    if (value === undefined) return [];
    return (Array.isArray(value) ? [...value] : [value as string]).filter((item) => item !== '');
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** Space-separated list parameters (`scope`, RFC 6749 §3.3): trimmed, de-duplicated, no empties. */
export function splitSpaceList(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(' ')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

/**
 * Hydra's `audience` parameter: repeated, each value is one audience; given once, it is a
 * space-separated list.
 */
export function requestedAudience(form: OAuthForm): string[] {
  const values = form.getAll('audience');
  if (values.length === 1) return splitSpaceList(values[0]);
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

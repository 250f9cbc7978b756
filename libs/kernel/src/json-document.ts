import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { BadRequestError } from './oauth-errors';

/**
 * Checks a decoded JSON request body against a class-validator DTO class: the body must be a JSON
 * object, every declared field must have the declared type, undeclared fields are dropped (as
 * Hydra ignores unknown fields). Anything else is a 400 naming each offending field.
 */
export function parseJsonDocument<T extends object>(type: new () => T, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('Unable to decode the request body: expected a JSON object.');
  }
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    throw new BadRequestError(`Unable to decode the request body: ${describe(errors).join('; ')}.`);
  }
  return instance;
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {});
    return [...own, ...describe(error.children ?? [], `${path}.`)];
  });
}

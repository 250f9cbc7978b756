import { ConflictError, TemporarilyUnavailableError } from '@tessera/kernel';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DatabaseErrorTranslator } from './database-error.translator';

describe('DatabaseErrorTranslator', () => {
  const translator = new DatabaseErrorTranslator();

  it.each([
    ['Query read timeout'],
    ['Client was closed and is not queryable'],
    ['Connection terminated due to connection timeout'],
    ['timeout exceeded when trying to connect'],
  ])('answers 503 temporarily_unavailable when node-postgres says %j', (message) => {
    const failed = new QueryFailedError('SELECT 1', [], new Error(message));
    const translated = translator.translate(failed);
    expect(translated).toBeInstanceOf(TemporarilyUnavailableError);
    expect(translated).toMatchObject({ status: 503, error: 'temporarily_unavailable' });
    expect(translator.translate(new Error(message))).toBeInstanceOf(TemporarilyUnavailableError);
  });

  it('keeps duplicates as 409 and leaves other errors alone', () => {
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(translator.translate(new QueryFailedError('INSERT', [], duplicate))).toBeInstanceOf(
      ConflictError,
    );
    expect(translator.translate(new Error('something else'))).toBeUndefined();
  });
});

import type { ObjectLiteral } from 'typeorm';
import { isDatabaseUnavailable } from './database-error.translator';

/** What a group insert writes with: one statement for many rows (`EntityStatements`). */
export interface RowsInserter<T> {
  insert(rows: readonly T[]): Promise<void>;
}

/** How many rows one statement carries at most (well under every engine's parameter limit). */
export const GROUP_INSERT_MAX_ROWS = 64;

interface Waiting<T> {
  readonly row: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for rows written outside any unit of work (a client_credentials token, say): while
 * one INSERT is on its way to the database, the rows of other requests wait and then go together
 * in the next one — one round trip and one commit for many requests. Durability does not change:
 * each caller's promise settles only when the statement carrying its row has committed. If a
 * shared statement fails, its rows are retried one by one, so only the row at fault fails —
 * unless the database is unavailable: then the statement's rows and those waiting behind it fail
 * at once instead of each waiting out another timeout in turn (a row the lost statement may still
 * have written belongs to a token nobody was given).
 */
export class GroupInsert<T extends ObjectLiteral> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(private readonly statements: RowsInserter<T>) {}

  insert(row: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, GROUP_INSERT_MAX_ROWS);
        await this.write(group);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(group: readonly Waiting<T>[]): Promise<void> {
    try {
      await this.statements.insert(group.map((entry) => entry.row));
      for (const entry of group) entry.resolve();
    } catch (error) {
      if (isDatabaseUnavailable(error)) return this.failAll(group, error);
      if (group.length === 1) return group[0].reject(error);
      for (const entry of group) await this.write([entry]);
    }
  }

  private failAll(group: readonly Waiting<T>[], error: unknown): void {
    for (const entry of [...group, ...this.waiting.splice(0)]) entry.reject(error);
  }
}

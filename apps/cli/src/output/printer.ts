import type { Writable } from 'node:stream';
import { CliError } from '../cli-io';

export type OutputFormat = 'default' | 'table' | 'json' | 'json-pretty';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['default', 'table', 'json', 'json-pretty'];

export function parseFormat(value: string | undefined): OutputFormat {
  const format = (value ?? 'default') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format))
    throw new CliError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  return format;
}

/** How one kind of item prints as a table: column headers and the cells of an item. */
export interface TableShape<T> {
  readonly headers: readonly string[];
  readonly cells: (item: T) => readonly string[];
}

/**
 * Prints like Hydra's CLI (hydra-compat §6): one item as `HEADER value` lines, many as a table;
 * `json` compact (what scripts parse), `json-pretty` indented.
 */
export class Printer {
  constructor(
    private readonly out: Writable,
    private readonly format: OutputFormat,
  ) {}

  get isJson(): boolean {
    return this.format === 'json' || this.format === 'json-pretty';
  }

  json(value: unknown): void {
    this.out.write(
      `${this.format === 'json-pretty' ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`,
    );
  }

  item<T>(item: T, shape: TableShape<T>, json: unknown = item): void {
    if (this.isJson) return this.json(json);
    const cells = shape.cells(item);
    this.out.write(
      alignColumns(shape.headers.map((header, index) => [header, cells[index] ?? ''])),
    );
  }

  items<T>(items: readonly T[], shape: TableShape<T>, json: unknown = items): void {
    if (this.isJson) return this.json(json);
    this.out.write(
      alignColumns([[...shape.headers], ...items.map((item) => [...shape.cells(item)])]),
    );
  }

  line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

/** Left-aligned columns separated by at least two spaces. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] + 2)))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

import type { TableShape } from '../output/printer';

export type ClientJson = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown, separator = ', '): string =>
  Array.isArray(value) ? value.join(separator) : '';

/** Hydra's client columns (cmd/output_client.go). */
export const CLIENT_TABLE: TableShape<ClientJson> = {
  headers: [
    'CLIENT ID',
    'CLIENT SECRET',
    'GRANT TYPES',
    'RESPONSE TYPES',
    'SCOPE',
    'AUDIENCE',
    'REDIRECT URIS',
  ],
  cells: (client) => [
    text(client.client_id),
    text(client.client_secret),
    list(client.grant_types),
    list(client.response_types),
    text(client.scope),
    list(client.audience, ','),
    list(client.redirect_uris),
  ],
};

export const ID_TABLE: TableShape<string> = { headers: ['ID'], cells: (id) => [id] };

/** The `page_token` of the `rel="next"` link of a `Link` header, if any. */
export function nextPageToken(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="next"/.exec(part);
    if (match)
      return new URL(match[1], 'http://placeholder').searchParams.get('page_token') ?? undefined;
  }
  return undefined;
}

import { Injectable } from '@nestjs/common';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Reads the JSON array of redirect URIs published at a client's `sector_identifier_uri`
 * (OIDC Core §8.1), with a timeout and a size cap.
 */
@Injectable()
export class SectorIdentifierFetcher {
  /** The listed URIs, or `undefined` when the document cannot be fetched or is not a string array. */
  async redirectUris(uri: string): Promise<string[] | undefined> {
    try {
      const response = await fetch(uri, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) return undefined;
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BYTES) return undefined;
      const text = await response.text();
      if (text.length > MAX_BYTES) return undefined;
      const parsed: unknown = JSON.parse(text);
      const valid =
        Array.isArray(parsed) &&
        parsed.length > 0 &&
        parsed.every((item) => typeof item === 'string');
      return valid ? (parsed as string[]) : undefined;
    } catch {
      return undefined;
    }
  }
}

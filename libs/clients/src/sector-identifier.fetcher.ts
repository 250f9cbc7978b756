import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { outboundRequest } from './outbound-fetch';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Reads the JSON array of redirect URIs published at a client's `sector_identifier_uri`
 * (OIDC Core §8.1), with a timeout, a size cap and — unless `clients.http.disallow_private_ip_ranges`
 * is off — never from a private address.
 */
@Injectable()
export class SectorIdentifierFetcher {
  constructor(private readonly config: TesseraConfig) {}

  /** The listed URIs, or `undefined` when the document cannot be fetched or is not a string array. */
  async redirectUris(uri: string): Promise<string[] | undefined> {
    try {
      const { status, body } = await outboundRequest(
        uri,
        {},
        {
          timeoutMs: TIMEOUT_MS,
          maxBytes: MAX_BYTES,
          denyPrivateAddresses: this.config.clients.http.disallow_private_ip_ranges,
        },
      );
      if (status !== 200) return undefined;
      const parsed: unknown = JSON.parse(body);
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

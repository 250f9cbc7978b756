import { createHash } from 'node:crypto';
import { Aead, BadRequestError, type Clock } from '@tessera/kernel';

const PURPOSE = 'tessera/page-token';
/** Page tokens expire, so they cannot be kept as durable bookmarks (Hydra: one hour). */
export const PAGE_TOKEN_LIFESPAN_MS = 3_600_000;

interface PageTokenPayload {
  /** The keyset cursor: the sort key of the last item of the previous page. */
  readonly k: string;
  /** Expiry, epoch milliseconds. */
  readonly e: number;
}

/**
 * Keyset page tokens (hydra-compat §1.1): the cursor of the previous page sealed with AES-256-GCM
 * under keys derived as SHA-512/256 of each pagination secret, so a client can neither read nor
 * forge a position. A tampered, foreign or expired token is a 400.
 */
export class PageTokenCodec {
  private readonly aead: Aead;

  constructor(
    secrets: readonly string[],
    private readonly clock: Clock,
  ) {
    this.aead = new Aead(secrets.map((secret) => createHash('sha512-256').update(secret).digest()));
  }

  encode(cursor: string): string {
    const payload: PageTokenPayload = { k: cursor, e: this.clock.nowMs() + PAGE_TOKEN_LIFESPAN_MS };
    return this.aead.seal(JSON.stringify(payload), PURPOSE);
  }

  /** The cursor inside `token`; throws `BadRequestError` for anything else. */
  decode(token: string): string {
    const opened = this.aead.open(token, PURPOSE);
    const payload = opened ? parsePayload(opened.toString('utf8')) : undefined;
    if (!payload)
      throw new BadRequestError(
        'Unable to parse pagination parameters: the page token is invalid.',
      );
    if (payload.e < this.clock.nowMs()) {
      throw new BadRequestError(
        'Unable to parse pagination parameters: the page token has expired; do not persist page tokens.',
      );
    }
    return payload.k;
  }
}

function parsePayload(text: string): PageTokenPayload | undefined {
  try {
    const value = JSON.parse(text) as Partial<PageTokenPayload>;
    return typeof value.k === 'string' && typeof value.e === 'number'
      ? (value as PageTokenPayload)
      : undefined;
  } catch {
    return undefined;
  }
}

import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Aead } from '@tessera/kernel';
import type { TokenSession } from './token-records';

const PURPOSE = 'tessera/token-session';
const PLAIN_PREFIX = 'json:';

/**
 * Token sessions are encrypted at rest with the system secret (AES-256-GCM, DESIGN §3) unless
 * `oauth2.session.encrypt_at_rest` is off; either form reads back, so the setting can change.
 */
@Injectable()
export class TokenSessionSealer {
  private readonly aead: Aead;
  private readonly encrypt: boolean;

  constructor(config: TesseraConfig) {
    this.aead = Aead.fromSecrets(config.secrets.system);
    this.encrypt = config.oauth2.session.encrypt_at_rest;
  }

  seal(session: TokenSession): string {
    const json = JSON.stringify(session);
    return this.encrypt ? this.aead.seal(json, PURPOSE) : `${PLAIN_PREFIX}${json}`;
  }

  /** The session, or `undefined` when it cannot be opened (a secret was removed, or tampering). */
  open(sealed: string): TokenSession | undefined {
    const json = sealed.startsWith(PLAIN_PREFIX)
      ? sealed.slice(PLAIN_PREFIX.length)
      : this.aead.open(sealed, PURPOSE)?.toString('utf8');
    if (json === undefined) return undefined;
    try {
      return JSON.parse(json) as TokenSession;
    } catch {
      return undefined;
    }
  }
}

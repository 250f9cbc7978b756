import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Aead } from '@tessera/kernel';
import type { JsonWebKey } from './json-web-key';

/**
 * Keys are stored only as AES-256-GCM ciphertext under the system secret (DESIGN §3): the first
 * secret seals, every listed secret opens. The set and kid are bound as associated data, so a
 * sealed key cannot be moved to another set or kid.
 */
@Injectable()
export class JsonWebKeySealer {
  private readonly aead: Aead;

  constructor(config: TesseraConfig) {
    this.aead = Aead.fromSecrets(config.secrets.system);
  }

  seal(setId: string, key: JsonWebKey): string {
    return this.aead.seal(JSON.stringify(key), purpose(setId, key.kid));
  }

  /** The key, or `undefined` when none of the configured secrets opens it. */
  open(setId: string, kid: string, sealed: string): JsonWebKey | undefined {
    const plain = this.aead.open(sealed, purpose(setId, kid));
    return plain ? (JSON.parse(plain.toString('utf8')) as JsonWebKey) : undefined;
  }
}

function purpose(setId: string, kid: string): string {
  return `tessera/jwk\0${setId}\0${kid}`;
}

import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import {
  ACCESS_TOKEN_KEY_SET,
  ID_TOKEN_KEY_SET,
  type JsonWebKeySet,
  JsonWebKeyManager,
} from '@tessera/jwks';

/**
 * `/.well-known/jwks.json` (RFC 7517 §5): the public parts of `webfinger.jwks.broadcast_keys`,
 * then of the access token and ID token sets (always published, as in Hydra), each set created
 * on first need. No private member ever leaves.
 */
@Injectable()
export class PublicKeySet {
  private readonly sets: readonly string[];

  constructor(
    config: TesseraConfig,
    private readonly keys: JsonWebKeyManager,
  ) {
    this.sets = [
      ...new Set([...config.webfinger.jwks.broadcast_keys, ACCESS_TOKEN_KEY_SET, ID_TOKEN_KEY_SET]),
    ];
  }

  private prepared: { readonly generation: number; readonly json: Buffer } | undefined;

  /** The serialised key set, if it is prepared and no key set changed since. */
  preparedJson(): Buffer | undefined {
    return this.prepared?.generation === this.keys.generation ? this.prepared.json : undefined;
  }

  async build(): Promise<JsonWebKeySet> {
    const generation = this.keys.generation;
    const keySet = { keys: await this.keys.publicKeys(this.sets) };
    this.prepared = { generation, json: Buffer.from(JSON.stringify(keySet)) };
    return keySet;
  }
}

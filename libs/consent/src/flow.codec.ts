import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Aead, Clock } from '@tessera/kernel';
import type { Flow } from './flow';

/**
 * What a sealed document is for. Each purpose is bound into the AEAD, so a blob minted for one
 * can never be presented as another (a consent challenge as a login challenge, a challenge as a
 * verifier, a logout challenge as anything else).
 */
export type FlowPurpose =
  | 'login-challenge'
  | 'login-verifier'
  | 'consent-challenge'
  | 'consent-verifier'
  | 'logout-challenge'
  | 'logout-verifier';

/** Every sealed document starts its life at a request, and expires from there. */
export interface Sealable {
  /** Milliseconds since the epoch. */
  readonly requestedAt: number;
}

/** Opening a sealed document: the document, or why there is none. */
export type OpenedFlow<T extends Sealable = Flow> =
  | { readonly status: 'open'; readonly flow: T }
  | { readonly status: 'expired'; readonly flow: T }
  | { readonly status: 'invalid' };

/** Challenges travel in URLs; a bound on them bounds the work an attacker can cause. */
const MAX_SEALED_LENGTH = 64 * 1024;

/**
 * Seals flows into challenges and verifiers (hydra-compat §3.1): JSON, deflated, AES-256-GCM
 * under the system secrets (the first seals, every one opens), base64url. A flow expires
 * `ttl.login_consent_request` after the request that started it.
 */
@Injectable()
export class FlowCodec {
  private readonly aead: Aead;

  constructor(
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {
    this.aead = Aead.fromSecrets(config.secrets.system);
  }

  seal(flow: Sealable, purpose: FlowPurpose): string {
    return this.aead.seal(deflateRawSync(JSON.stringify(flow)), `tessera/flow/${purpose}`);
  }

  open<T extends Sealable = Flow>(sealed: string | undefined, purpose: FlowPurpose): OpenedFlow<T> {
    if (!sealed || sealed.length > MAX_SEALED_LENGTH) return { status: 'invalid' };
    const opened = this.aead.open(sealed, `tessera/flow/${purpose}`);
    if (!opened) return { status: 'invalid' };
    let flow: T;
    try {
      const json = inflateRawSync(opened, { maxOutputLength: 1024 * 1024 }).toString('utf8');
      flow = JSON.parse(json) as T;
    } catch {
      return { status: 'invalid' };
    }
    const expiresAt = flow.requestedAt + this.config.ttl.login_consent_request;
    return expiresAt <= this.clock.nowMs() ? { status: 'expired', flow } : { status: 'open', flow };
  }

  /** When a document sealed now expires. */
  expiresAt(flow: Sealable): number {
    return flow.requestedAt + this.config.ttl.login_consent_request;
  }
}

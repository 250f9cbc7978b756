import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { Aead, Clock } from '@tessera/kernel';
import type { Flow } from './flow';

/**
 * What a sealed flow is for. Each purpose is bound into the AEAD, so a blob minted for one can
 * never be presented as another (a consent challenge as a login challenge, a challenge as a
 * verifier).
 */
export type FlowPurpose =
  'login-challenge' | 'login-verifier' | 'consent-challenge' | 'consent-verifier';

/** Opening a sealed flow: the flow, or why there is none. */
export type OpenedFlow =
  | { readonly status: 'open'; readonly flow: Flow }
  | { readonly status: 'expired'; readonly flow: Flow }
  | { readonly status: 'invalid' };

/** Challenges travel in URLs; a bound on them bounds the work an attacker can cause. */
const MAX_SEALED_LENGTH = 64 * 1024;

/**
 * Seals flows into challenges and verifiers (hydra-compat §3.1): JSON, deflated, AES-256-GCM
 * under the system secrets (the first seals, every one opens), base64url. A flow expires
 * `ttl.login_consent_request` after the authorization request that started it.
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

  seal(flow: Flow, purpose: FlowPurpose): string {
    return this.aead.seal(deflateRawSync(JSON.stringify(flow)), `tessera/flow/${purpose}`);
  }

  open(sealed: string | undefined, purpose: FlowPurpose): OpenedFlow {
    if (!sealed || sealed.length > MAX_SEALED_LENGTH) return { status: 'invalid' };
    const opened = this.aead.open(sealed, `tessera/flow/${purpose}`);
    if (!opened) return { status: 'invalid' };
    let flow: Flow;
    try {
      flow = JSON.parse(
        inflateRawSync(opened, { maxOutputLength: 1024 * 1024 }).toString('utf8'),
      ) as Flow;
    } catch {
      return { status: 'invalid' };
    }
    const expiresAt = flow.requestedAt + this.config.ttl.login_consent_request;
    return expiresAt <= this.clock.nowMs() ? { status: 'expired', flow } : { status: 'open', flow };
  }
}

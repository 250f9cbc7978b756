import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { isUniqueViolation, Transactions } from '@tessera/database';
import { Aead } from '@tessera/kernel';
import { type CompletedFlow, ConsentSessionStore } from './consent-session.store';
import { OAuth2FlowEntity } from './oauth2-flow.entity';

const SESSION_PURPOSE = 'tessera/consent-session';

/** `ConsentSessionStore` on TypeORM: the primary key decides which of two recordings wins. */
@Injectable()
export class TypeOrmConsentSessionStore extends ConsentSessionStore {
  private readonly aead: Aead;

  constructor(
    private readonly transactions: Transactions,
    config: TesseraConfig,
  ) {
    super();
    this.aead = Aead.fromSecrets(config.secrets.system);
  }

  private get flows() {
    return this.transactions.repository(OAuth2FlowEntity);
  }

  async record(flow: CompletedFlow): Promise<boolean> {
    const { login, consent } = flow;
    try {
      await this.flows.insert({
        id: flow.id,
        consentRequestId: flow.consentRequestId,
        clientId: flow.clientId,
        subject: login.subject,
        loginSessionId: flow.sessionId,
        requestedScope: [...flow.requestedScope],
        requestedAudience: [...flow.requestedAudience],
        grantedScope: [...consent.grantScope],
        grantedAudience: [...consent.grantAudience],
        remember: consent.remember,
        rememberFor: consent.rememberFor,
        requestUrl: flow.requestUrl,
        oidcContext: JSON.stringify(flow.oidcContext),
        session: this.aead.seal(JSON.stringify(consent.session), SESSION_PURPOSE),
        loginContext: JSON.stringify(login.context ?? null),
        context: JSON.stringify(consent.context ?? null),
        acr: login.acr,
        amr: [...login.amr],
        authenticatedAt: new Date(login.authenticatedAt * 1000),
        requestedAt: new Date(flow.requestedAt),
        handledAt: new Date(consent.handledAt),
        rememberedUntil: rememberedUntil(consent),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async has(flowId: string): Promise<boolean> {
    return this.flows.existsBy({ id: flowId });
  }
}

function rememberedUntil(consent: CompletedFlow['consent']): Date | null {
  if (!consent.remember || consent.rememberFor === 0) return null;
  return new Date(consent.handledAt + consent.rememberFor * 1000);
}

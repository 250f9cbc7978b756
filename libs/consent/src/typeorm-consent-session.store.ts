import { Injectable } from '@nestjs/common';
import { type FindOptionsWhere, In, IsNull, MoreThan } from 'typeorm';
import { TesseraConfig } from '@tessera/config';
import {
  isUniqueViolation,
  type Page,
  type PageRequest,
  toPage,
  Transactions,
} from '@tessera/database';
import { Aead } from '@tessera/kernel';
import {
  type CompletedFlow,
  type ConsentSelection,
  type ConsentSession,
  ConsentSessionStore,
} from './consent-session.store';
import type { HandledConsent } from './flow';
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
    try {
      await this.flows.insert(this.toRow(flow));
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async has(flowId: string): Promise<boolean> {
    return this.flows.existsBy({ id: flowId });
  }

  async findRemembered(
    subject: string,
    clientId: string,
    now: Date,
  ): Promise<ConsentSession | undefined> {
    const live = { subject, clientId, remember: true, consentSkip: false };
    const row = await this.flows.findOne({
      where: [
        { ...live, rememberedUntil: IsNull() },
        { ...live, rememberedUntil: MoreThan(now) },
      ],
      order: { handledAt: 'DESC' },
    });
    return row ? this.fromRow(row) : undefined;
  }

  async list(
    subject: string,
    loginSessionId: string | undefined,
    page: PageRequest,
    now: Date,
  ): Promise<Page<ConsentSession>> {
    const base: FindOptionsWhere<OAuth2FlowEntity> = {
      subject,
      consentSkip: false,
      ...(loginSessionId ? { loginSessionId } : {}),
      ...(page.after !== undefined ? { id: MoreThan(page.after) } : {}),
    };
    const rows = await this.flows.find({
      where: [
        { ...base, rememberedUntil: IsNull() },
        { ...base, rememberedUntil: MoreThan(now) },
      ],
      order: { id: 'ASC' },
      take: page.size + 1,
    });
    const result = toPage(rows, page.size, (row) => row.id);
    return { ...result, items: result.items.map((row) => this.fromRow(row)) };
  }

  async consentRequestIds(selection: ConsentSelection): Promise<string[]> {
    const where: FindOptionsWhere<OAuth2FlowEntity> =
      'consentRequestId' in selection
        ? { consentRequestId: selection.consentRequestId }
        : {
            subject: selection.subject,
            ...(selection.clientId ? { clientId: selection.clientId } : {}),
          };
    const rows = await this.flows.find({ where, select: { consentRequestId: true } });
    return rows.map((row) => row.consentRequestId);
  }

  async deleteByConsentRequestIds(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.flows.delete({ consentRequestId: In([...ids]) })).affected ?? 0;
  }

  async clientsOfLoginSession(subject: string, loginSessionId: string): Promise<string[]> {
    const rows = await this.flows.find({
      where: { subject, loginSessionId },
      select: { clientId: true },
    });
    return [...new Set(rows.map((row) => row.clientId))];
  }

  private toRow(flow: CompletedFlow): OAuth2FlowEntity {
    const { login, consent } = flow;
    return {
      id: flow.id,
      consentRequestId: flow.consentRequestId,
      clientId: flow.clientId,
      subject: login.subject,
      loginSessionId: flow.sessionId,
      requestedScope: [...flow.requestedScope],
      requestedAudience: [...flow.requestedAudience],
      grantedScope: [...consent.grantScope],
      grantedAudience: [...consent.grantAudience],
      consentSkip: flow.consentSkip ?? false,
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
      // A consent counts for `remember_for` seconds, or for ever with 0 (hydra-compat §2.6).
      rememberedUntil:
        consent.rememberFor > 0 ? new Date(consent.handledAt + consent.rememberFor * 1000) : null,
    };
  }

  private fromRow(row: OAuth2FlowEntity): ConsentSession {
    const opened = this.aead.open(row.session, SESSION_PURPOSE)?.toString('utf8');
    const session = opened
      ? (JSON.parse(opened) as HandledConsent['session'])
      : { accessToken: {}, idToken: {} };
    return {
      flowId: row.id,
      consentRequestId: row.consentRequestId,
      clientId: row.clientId,
      subject: row.subject,
      loginSessionId: row.loginSessionId,
      requestedScope: row.requestedScope,
      requestedAudience: row.requestedAudience,
      grantedScope: row.grantedScope,
      grantedAudience: row.grantedAudience,
      remember: row.remember,
      rememberFor: row.rememberFor,
      consentSkip: row.consentSkip,
      requestUrl: row.requestUrl,
      oidcContext: JSON.parse(row.oidcContext) as Record<string, unknown>,
      session,
      loginContext: JSON.parse(row.loginContext) as unknown,
      context: JSON.parse(row.context) as unknown,
      acr: row.acr,
      amr: row.amr,
      handledAt: row.handledAt,
    };
  }
}

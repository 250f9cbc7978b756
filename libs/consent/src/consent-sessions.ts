import { Injectable } from '@nestjs/common';
import { ClientStore, rfc3339, toClientJson } from '@tessera/clients';
import { type Page, type PageRequest, Transactions } from '@tessera/database';
import { Clock, InvalidRequestError } from '@tessera/kernel';
import { AccessTokenStore, AuthorizationCodeStore, RefreshTokenStore } from '@tessera/oauth2';
import {
  type ConsentSelection,
  type ConsentSession,
  ConsentSessionStore,
} from './consent-session.store';
import { LoginSessionStore } from './login-session.store';
import { SessionLogout } from './session-logout';

type Query = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The session API of the admin port (hydra-compat §1.3, §2.10): what a user granted, revoking
 * grants together with every token issued from them, and ending login sessions.
 */
@Injectable()
export class SessionAdministration {
  constructor(
    private readonly consents: ConsentSessionStore,
    private readonly logins: LoginSessionStore,
    private readonly logout: SessionLogout,
    private readonly clients: ClientStore,
    private readonly accessTokens: AccessTokenStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly codes: AuthorizationCodeStore,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async listConsents(query: Query, page: PageRequest): Promise<Page<Record<string, unknown>>> {
    const subject = text(query.subject);
    if (subject === undefined) {
      throw new InvalidRequestError().withHint(
        "Query parameter 'subject' is not defined but should have been.",
      );
    }
    const found = await this.consents.list(
      subject,
      text(query.login_session_id),
      page,
      this.clock.now(),
    );
    const items = await Promise.all(found.items.map((session) => this.consentJson(session)));
    return { items, next: found.next };
  }

  /** Exactly one of: `consent_request_id`; `subject` + `client`; `subject` + `all=true`. */
  async revokeConsents(query: Query): Promise<void> {
    const selection = consentSelection(query);
    await this.transactions.run(async () => {
      const ids = await this.consents.consentRequestIds(selection);
      for (const id of ids) {
        await this.accessTokens.deleteByRequestId(id);
        await this.refreshTokens.deleteByRequestId(id);
        await this.codes.deleteByRequestId(id);
      }
      await this.consents.deleteByConsentRequestIds(ids);
    });
  }

  /** By `sid`: a logout with back-channel notifications; by `subject`: every session, silently. */
  async revokeLogins(query: Query): Promise<void> {
    const sid = text(query.sid);
    const subject = text(query.subject);
    if (sid !== undefined) {
      const session = await this.logins.find(sid);
      if (session) await this.logout.end(session.subject, session.id);
      return;
    }
    if (subject === undefined) {
      throw new InvalidRequestError().withHint(
        "Either 'subject' or 'sid' query parameters need to be defined.",
      );
    }
    await this.logins.deleteBySubject(subject);
  }

  private async consentJson(session: ConsentSession): Promise<Record<string, unknown>> {
    const client = await this.clients.findById(session.clientId);
    return {
      consent_request_id: session.consentRequestId,
      grant_scope: session.grantedScope,
      grant_access_token_audience: session.grantedAudience,
      session: { access_token: session.session.accessToken, id_token: session.session.idToken },
      remember: session.remember,
      remember_for: session.rememberFor,
      handled_at: rfc3339(session.handledAt),
      context: session.context ?? {},
      consent_request: {
        challenge: '',
        consent_request_id: session.consentRequestId,
        requested_scope: session.requestedScope,
        requested_access_token_audience: session.requestedAudience,
        skip: session.consentSkip,
        subject: session.subject,
        oidc_context: session.oidcContext,
        client: client ? toClientJson(client) : null,
        request_url: session.requestUrl,
        login_challenge: session.flowId,
        login_session_id: session.loginSessionId,
        acr: session.acr,
        amr: session.amr,
        ...(session.loginContext !== null && session.loginContext !== undefined
          ? { context: session.loginContext }
          : {}),
      },
    };
  }
}

function consentSelection(query: Query): ConsentSelection {
  const subject = text(query.subject);
  const client = text(query.client);
  const consentRequestId = text(query.consent_request_id);
  const all = query.all === 'true';
  if (consentRequestId !== undefined && subject === undefined && client === undefined && !all)
    return { consentRequestId };
  if (consentRequestId === undefined && subject !== undefined && client !== undefined && !all)
    return { subject, clientId: client };
  if (consentRequestId === undefined && subject !== undefined && client === undefined && all)
    return { subject };
  throw new InvalidRequestError().withHint('Invalid combination of query parameters.');
}

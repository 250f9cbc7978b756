import {
  type CompletedFlow,
  type ConsentSelection,
  type ConsentSession,
  ConsentSessionStore,
  type LoginSession,
  LoginSessionStore,
  ForcedSubjectStore,
} from '@tessera/consent';
import { type Page, type PageRequest, toPage } from '@tessera/database';

function toSession(flow: CompletedFlow): ConsentSession {
  return {
    flowId: flow.id,
    consentRequestId: flow.consentRequestId,
    clientId: flow.clientId,
    subject: flow.login.subject,
    loginSessionId: flow.sessionId,
    requestedScope: flow.requestedScope,
    requestedAudience: flow.requestedAudience,
    grantedScope: flow.consent.grantScope,
    grantedAudience: flow.consent.grantAudience,
    remember: flow.consent.remember,
    rememberFor: flow.consent.rememberFor,
    consentSkip: flow.consentSkip ?? false,
    requestUrl: flow.requestUrl,
    oidcContext: flow.oidcContext,
    session: flow.consent.session,
    loginContext: flow.login.context ?? null,
    context: flow.consent.context ?? null,
    acr: flow.login.acr,
    amr: flow.login.amr,
    handledAt: new Date(flow.consent.handledAt),
  };
}

/** Whether a consent still counts at `now` (`remember_for`, 0 = for ever). */
function live(session: ConsentSession, now: Date): boolean {
  return (
    session.rememberFor === 0 ||
    session.handledAt.getTime() + session.rememberFor * 1000 > now.getTime()
  );
}

/** The in-memory twin of `TypeOrmConsentSessionStore`. */
export class InMemoryConsentSessionStore extends ConsentSessionStore {
  private readonly sessions = new Map<string, ConsentSession>();

  async record(flow: CompletedFlow): Promise<boolean> {
    if (this.sessions.has(flow.id)) return false;
    this.sessions.set(flow.id, structuredClone(toSession(flow)));
    return true;
  }

  async has(flowId: string): Promise<boolean> {
    return this.sessions.has(flowId);
  }

  async findRemembered(
    subject: string,
    clientId: string,
    now: Date,
  ): Promise<ConsentSession | undefined> {
    return [...this.sessions.values()]
      .filter(
        (s) =>
          s.subject === subject &&
          s.clientId === clientId &&
          s.remember &&
          !s.consentSkip &&
          live(s, now),
      )
      .sort((a, b) => b.handledAt.getTime() - a.handledAt.getTime())[0];
  }

  async list(
    subject: string,
    loginSessionId: string | undefined,
    page: PageRequest,
    now: Date,
  ): Promise<Page<ConsentSession>> {
    const rows = [...this.sessions.values()]
      .filter((s) => s.subject === subject && !s.consentSkip && live(s, now))
      .filter((s) => !loginSessionId || s.loginSessionId === loginSessionId)
      .filter((s) => page.after === undefined || s.flowId > page.after)
      .sort((a, b) => (a.flowId < b.flowId ? -1 : 1));
    return toPage(rows.slice(0, page.size + 1), page.size, (s) => s.flowId);
  }

  async consentRequestIds(selection: ConsentSelection): Promise<string[]> {
    return [...this.sessions.values()]
      .filter((s) =>
        'consentRequestId' in selection
          ? s.consentRequestId === selection.consentRequestId
          : s.subject === selection.subject &&
            (!selection.clientId || s.clientId === selection.clientId),
      )
      .map((s) => s.consentRequestId);
  }

  async deleteByConsentRequestIds(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const [key, session] of this.sessions)
      if (ids.includes(session.consentRequestId)) deleted += this.sessions.delete(key) ? 1 : 0;
    return deleted;
  }

  async clientsOfLoginSession(subject: string, loginSessionId: string): Promise<string[]> {
    const clients = [...this.sessions.values()]
      .filter((s) => s.subject === subject && s.loginSessionId === loginSessionId)
      .map((s) => s.clientId);
    return [...new Set(clients)];
  }
}

/** The in-memory twin of `TypeOrmLoginSessionStore`. */
export class InMemoryLoginSessionStore extends LoginSessionStore {
  private readonly sessions = new Map<string, LoginSession>();

  async find(id: string): Promise<LoginSession | undefined> {
    const session = this.sessions.get(id);
    return session ? structuredClone(session) : undefined;
  }

  async save(session: LoginSession): Promise<void> {
    this.sessions.set(session.id, structuredClone(session));
  }

  async delete(id: string): Promise<boolean> {
    return this.sessions.delete(id);
  }

  async deleteBySubject(subject: string): Promise<number> {
    let deleted = 0;
    for (const [id, session] of this.sessions)
      if (session.subject === subject) deleted += this.sessions.delete(id) ? 1 : 0;
    return deleted;
  }
}

/** The in-memory twin of `TypeOrmForcedSubjectStore`. */
export class InMemoryForcedSubjectStore extends ForcedSubjectStore {
  private readonly subjects = new Map<string, string>();

  async set(clientId: string, subject: string, forced: string): Promise<void> {
    this.subjects.set(`${clientId}\0${subject}`, forced);
  }

  async find(clientId: string, subject: string): Promise<string | undefined> {
    return this.subjects.get(`${clientId}\0${subject}`);
  }
}

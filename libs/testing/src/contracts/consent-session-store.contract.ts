import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '@tessera/clients';
import type {
  CompletedFlow,
  ConsentSessionStore,
  ForcedSubjectStore,
  LoginSessionStore,
} from '@tessera/consent';
import { aClient } from '../client.factory';

export interface ConsentSessionStores {
  readonly sessions: ConsentSessionStore;
  readonly logins: LoginSessionStore;
  readonly forced: ForcedSubjectStore;
  readonly clients: ClientStore;
  close(): Promise<void>;
}

export function aCompletedFlow(overrides: Partial<CompletedFlow> = {}): CompletedFlow {
  const id = randomUUID().replace(/-/g, '');
  return {
    id,
    requestedAt: 1_700_000_000_000,
    clientId: 'consent-client',
    client: { client_id: 'consent-client' },
    requestUrl: 'https://auth.example/oauth2/auth?client_id=consent-client',
    requestedScope: ['openid', 'offline'],
    requestedAudience: [],
    oidcContext: { ui_locales: ['de'] },
    sessionId: randomUUID(),
    loginCsrf: id,
    consentRequestId: randomUUID().replace(/-/g, ''),
    consentCsrf: id,
    login: {
      subject: 'alice',
      remember: false,
      rememberFor: 0,
      extendSessionLifespan: false,
      acr: '1',
      amr: ['pwd'],
      context: { tenant: 't' },
      forceSubjectIdentifier: '',
      identityProviderSessionId: '',
      authenticatedAt: 1_700_000_001,
    },
    consent: {
      grantScope: ['openid'],
      grantAudience: [],
      remember: true,
      rememberFor: 3600,
      session: { accessToken: { a: 1 }, idToken: { email: 'alice@example.com' } },
      context: null,
      handledAt: 1_700_000_002_000,
    },
    ...overrides,
  };
}

/** What every consent session store must do. */
export function consentSessionStoreContract(
  name: string,
  open: () => Promise<ConsentSessionStores>,
): void {
  describe(`consent session store contract: ${name}`, () => {
    let stores: ConsentSessionStores;

    beforeAll(async () => {
      stores = await open();
      await stores.clients.insert(aClient({ client_id: 'consent-client' }));
    });
    afterAll(() => stores?.close());

    it('records a completed flow once: the second recording is refused', async () => {
      const flow = aCompletedFlow();
      expect(await stores.sessions.has(flow.id)).toBe(false);
      expect(await stores.sessions.record(flow)).toBe(true);
      expect(await stores.sessions.has(flow.id)).toBe(true);
      expect(await stores.sessions.record({ ...flow, consentRequestId: 'other' })).toBe(false);
    });

    it('finds the newest remembered, live, not skipped consent of a subject for a client', async () => {
      const at = (ms: number) => ({ handledAt: 1_700_000_000_000 + ms });
      const base = {
        clientId: 'consent-client',
        login: { ...aCompletedFlow().login, subject: 'rita' },
      };
      const old = aCompletedFlow({
        ...base,
        consent: { ...aCompletedFlow().consent, ...at(0), grantScope: ['a'], rememberFor: 0 },
      });
      const newer = aCompletedFlow({
        ...base,
        consent: { ...aCompletedFlow().consent, ...at(1000), grantScope: ['b'], rememberFor: 0 },
      });
      const skipped = aCompletedFlow({
        ...base,
        consentSkip: true,
        consent: { ...aCompletedFlow().consent, ...at(2000), grantScope: ['c'] },
      });
      const forgotten = aCompletedFlow({
        ...base,
        consent: { ...aCompletedFlow().consent, ...at(3000), remember: false, grantScope: ['d'] },
      });
      for (const flow of [old, newer, skipped, forgotten]) await stores.sessions.record(flow);
      const now = new Date(1_700_000_010_000);
      expect(
        (await stores.sessions.findRemembered('rita', 'consent-client', now))?.grantedScope,
      ).toEqual(['b']);
      expect(await stores.sessions.findRemembered('rita', 'other-client', now)).toBeUndefined();
      const expiring = aCompletedFlow({
        ...base,
        consent: { ...aCompletedFlow().consent, ...at(5000), grantScope: ['e'], rememberFor: 1 },
      });
      await stores.sessions.record(expiring);
      expect(
        (await stores.sessions.findRemembered('rita', 'consent-client', now))?.grantedScope,
      ).toEqual(['b']);
      expect(
        (
          await stores.sessions.findRemembered(
            'rita',
            'consent-client',
            new Date(1_700_000_005_500),
          )
        )?.grantedScope,
      ).toEqual(['e']);
    });

    it('lists, selects and deletes the consents of a subject', async () => {
      const login = { ...aCompletedFlow().login, subject: 'sam' };
      const flows = [
        aCompletedFlow({ login, sessionId: 's1' }),
        aCompletedFlow({ login, sessionId: 's2' }),
      ];
      for (const flow of flows) await stores.sessions.record(flow);
      const now = new Date(1_700_000_010_000);
      const first = await stores.sessions.list('sam', undefined, { size: 1 }, now);
      expect(first.items).toHaveLength(1);
      const second = await stores.sessions.list(
        'sam',
        undefined,
        { size: 1, after: first.next },
        now,
      );
      expect(second.items).toHaveLength(1);
      expect(second.next).toBeUndefined();
      expect(first.items[0].session).toEqual(flows[0].consent.session);
      expect(
        (await stores.sessions.list('sam', 's2', { size: 10 }, now)).items.map(
          (i) => i.loginSessionId,
        ),
      ).toEqual(['s2']);
      expect(await stores.sessions.clientsOfLoginSession('sam', 's1')).toEqual(['consent-client']);
      const ids = await stores.sessions.consentRequestIds({
        subject: 'sam',
        clientId: 'consent-client',
      });
      expect(ids.sort()).toEqual(flows.map((f) => f.consentRequestId).sort());
      expect(
        await stores.sessions.consentRequestIds({ consentRequestId: flows[0].consentRequestId }),
      ).toEqual([flows[0].consentRequestId]);
      expect(await stores.sessions.deleteByConsentRequestIds(ids)).toBe(2);
      expect((await stores.sessions.list('sam', undefined, { size: 10 }, now)).items).toEqual([]);
    });

    it('saves, replaces and deletes login sessions, and remembers forced subjects', async () => {
      const session = {
        id: randomUUID(),
        subject: 'tom',
        authenticatedAt: new Date(1_700_000_000_000),
        remember: true,
        identityProviderSessionId: '',
        expiresAt: new Date(1_800_000_000_000),
      };
      await stores.logins.save(session);
      expect(await stores.logins.find(session.id)).toEqual(session);
      await stores.logins.save({ ...session, remember: false });
      expect((await stores.logins.find(session.id))?.remember).toBe(false);
      expect(await stores.logins.delete(session.id)).toBe(true);
      expect(await stores.logins.delete(session.id)).toBe(false);
      await stores.logins.save({ ...session, id: randomUUID() });
      await stores.logins.save({ ...session, id: randomUUID() });
      expect(await stores.logins.deleteBySubject('tom')).toBe(2);
      await stores.forced.set('consent-client', 'tom', 'forced-1');
      await stores.forced.set('consent-client', 'tom', 'forced-2');
      expect(await stores.forced.find('consent-client', 'tom')).toBe('forced-2');
      expect(await stores.forced.find('consent-client', 'ann')).toBeUndefined();
    });

    it('lets exactly one of concurrent recordings of one flow win', async () => {
      const flow = aCompletedFlow();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => stores.sessions.record(flow)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '@tessera/clients';
import type { CompletedFlow, ConsentSessionStore } from '@tessera/consent';
import { aClient } from '../client.factory';

export interface ConsentSessionStores {
  readonly sessions: ConsentSessionStore;
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

    it('lets exactly one of concurrent recordings of one flow win', async () => {
      const flow = aCompletedFlow();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => stores.sessions.record(flow)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
}

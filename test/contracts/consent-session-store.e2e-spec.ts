import { TypeOrmClientStore } from '@tessera/clients';
import {
  TypeOrmConsentSessionStore,
  TypeOrmForcedSubjectStore,
  TypeOrmLoginSessionStore,
} from '@tessera/consent';
import { Transactions } from '@tessera/database';
import {
  consentSessionStoreContract,
  createTestRuntime,
  InMemoryClientStore,
  InMemoryConsentSessionStore,
  InMemoryForcedSubjectStore,
  InMemoryLoginSessionStore,
  TEST_ENGINES,
} from '@tessera/testing';

consentSessionStoreContract('in memory', async () => ({
  sessions: new InMemoryConsentSessionStore(),
  logins: new InMemoryLoginSessionStore(),
  forced: new InMemoryForcedSubjectStore(),
  clients: new InMemoryClientStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  consentSessionStoreContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    const transactions = new Transactions(runtime.dataSource);
    return {
      sessions: new TypeOrmConsentSessionStore(transactions, runtime.config),
      logins: new TypeOrmLoginSessionStore(transactions),
      forced: new TypeOrmForcedSubjectStore(transactions),
      clients: new TypeOrmClientStore(runtime.dataSource),
      close: () => runtime.close(),
    };
  });
}

import { TypeOrmClientStore } from '@tessera/clients';
import { TypeOrmConsentSessionStore } from '@tessera/consent';
import { Transactions } from '@tessera/database';
import {
  consentSessionStoreContract,
  createTestRuntime,
  InMemoryClientStore,
  InMemoryConsentSessionStore,
  TEST_ENGINES,
} from '@tessera/testing';

consentSessionStoreContract('in memory', async () => ({
  sessions: new InMemoryConsentSessionStore(),
  clients: new InMemoryClientStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  consentSessionStoreContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    return {
      sessions: new TypeOrmConsentSessionStore(
        new Transactions(runtime.dataSource),
        runtime.config,
      ),
      clients: new TypeOrmClientStore(runtime.dataSource),
      close: () => runtime.close(),
    };
  });
}

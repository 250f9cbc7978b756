import { TypeOrmClientStore } from '@tessera/clients';
import {
  clientStoreContract,
  createTestRuntime,
  InMemoryClientStore,
  TEST_ENGINES,
} from '@tessera/testing';

clientStoreContract('in memory', async () => ({
  store: new InMemoryClientStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  clientStoreContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    return { store: new TypeOrmClientStore(runtime.dataSource), close: () => runtime.close() };
  });
}

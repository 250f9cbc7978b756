import { TypeOrmJsonWebKeyStore } from '@tessera/jwks';
import {
  createTestRuntime,
  InMemoryJsonWebKeyStore,
  jsonWebKeyStoreContract,
  TEST_ENGINES,
} from '@tessera/testing';

jsonWebKeyStoreContract('in memory', async () => ({
  store: new InMemoryJsonWebKeyStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  jsonWebKeyStoreContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    return { store: new TypeOrmJsonWebKeyStore(runtime.dataSource), close: () => runtime.close() };
  });
}

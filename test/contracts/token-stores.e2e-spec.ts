import { Clock, SystemClock } from '@tessera/kernel';
import { TypeOrmClientStore } from '@tessera/clients';
import { TokenSessionSealer, TypeOrmAccessTokenStore, TypeOrmJtiStore } from '@tessera/oauth2';
import {
  createTestRuntime,
  InMemoryAccessTokenStore,
  InMemoryClientStore,
  InMemoryJtiStore,
  TEST_ENGINES,
  tokenStoresContract,
} from '@tessera/testing';

tokenStoresContract('in memory', async () => ({
  accessTokens: new InMemoryAccessTokenStore(),
  jtis: new InMemoryJtiStore(),
  clients: new InMemoryClientStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  tokenStoresContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    const clock: Clock = new SystemClock();
    return {
      accessTokens: new TypeOrmAccessTokenStore(
        runtime.dataSource,
        new TokenSessionSealer(runtime.config),
      ),
      jtis: new TypeOrmJtiStore(runtime.dataSource, clock),
      clients: new TypeOrmClientStore(runtime.dataSource),
      close: () => runtime.close(),
    };
  });
}

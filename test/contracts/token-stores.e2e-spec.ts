import { Clock, SystemClock } from '@tessera/kernel';
import { TypeOrmClientStore } from '@tessera/clients';
import { Transactions } from '@tessera/database';
import {
  TokenSessionSealer,
  TypeOrmAccessTokenStore,
  TypeOrmAuthorizationCodeStore,
  TypeOrmJtiStore,
  TypeOrmRefreshTokenStore,
} from '@tessera/oauth2';
import {
  createTestRuntime,
  InMemoryAccessTokenStore,
  InMemoryAuthorizationCodeStore,
  InMemoryClientStore,
  InMemoryRefreshTokenStore,
  InMemoryJtiStore,
  TEST_ENGINES,
  tokenStoresContract,
} from '@tessera/testing';

tokenStoresContract('in memory', async () => ({
  accessTokens: new InMemoryAccessTokenStore(),
  jtis: new InMemoryJtiStore(),
  refreshTokens: new InMemoryRefreshTokenStore(),
  codes: new InMemoryAuthorizationCodeStore(),
  clients: new InMemoryClientStore(),
  close: async () => undefined,
}));

for (const engine of TEST_ENGINES) {
  tokenStoresContract(`TypeORM on ${engine}`, async () => {
    const runtime = await createTestRuntime({ engine });
    const clock: Clock = new SystemClock();
    const transactions = new Transactions(runtime.dataSource);
    const sealer = new TokenSessionSealer(runtime.config);
    return {
      accessTokens: new TypeOrmAccessTokenStore(transactions, sealer),
      refreshTokens: new TypeOrmRefreshTokenStore(transactions, sealer),
      codes: new TypeOrmAuthorizationCodeStore(transactions, sealer),
      jtis: new TypeOrmJtiStore(runtime.dataSource, clock),
      clients: new TypeOrmClientStore(runtime.dataSource),
      close: () => runtime.close(),
    };
  });
}

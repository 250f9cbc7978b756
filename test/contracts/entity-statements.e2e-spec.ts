import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth2ClientEntity, TypeOrmClientStore } from '@tessera/clients';
import { EntityStatements } from '@tessera/database';
import { OAuth2RefreshTokenEntity } from '@tessera/oauth2';
import { aClient, createTestRuntime, TEST_ENGINES, type TestRuntime } from '@tessera/testing';

/** The prepared statements must read and write exactly the rows TypeORM's repositories do. */
for (const engine of TEST_ENGINES) {
  describe(`EntityStatements on ${engine}`, () => {
    let runtime: TestRuntime;
    beforeAll(async () => {
      runtime = await createTestRuntime({ engine });
    });
    afterAll(async () => runtime?.close());

    it('reads a client as the repository does, JSON, booleans, numbers and dates included', async () => {
      await new TypeOrmClientStore(runtime.dataSource).insert(
        aClient({
          client_id: 'statements-client',
          redirect_uris: ['https://a.example/cb'],
          skip_consent: true,
          metadata: { tier: 'gold', limits: [1, 2] },
        }),
      );
      const repository = runtime.dataSource.getRepository(OAuth2ClientEntity);
      const statements = EntityStatements.of(runtime.dataSource, OAuth2ClientEntity);
      const prepared = await statements.findByKey('statements-client');
      expect(prepared).toBeInstanceOf(OAuth2ClientEntity);
      expect(prepared).toEqual(await repository.findOneBy({ client_id: 'statements-client' }));
      expect(await statements.findByKey('no-such-client')).toBeUndefined();
    });

    it('writes rows the repository reads back unchanged, several in one statement', async () => {
      const statements = EntityStatements.of(runtime.dataSource, OAuth2RefreshTokenEntity);
      const row = (signature: string, usedAt: Date | null): OAuth2RefreshTokenEntity => ({
        signature,
        requestId: 'request',
        clientId: 'statements-client',
        subject: 'user',
        scope: 'openid offline',
        audience: ['https://api.example'],
        session: 'sealed',
        requestedAt: new Date(1_800_000_000_123),
        expiresAt: new Date(1_800_003_600_456),
        active: usedAt === null,
        usedAt,
        usedTimes: usedAt ? 1 : 0,
        accessTokenKey: `${signature}-at`,
      });
      const rows = [row('rt-1', null), row('rt-2', new Date(1_800_000_100_789))];
      await statements.insert(rows);
      const repository = runtime.dataSource.getRepository(OAuth2RefreshTokenEntity);
      for (const expected of rows) {
        expect({ ...(await repository.findOneBy({ signature: expected.signature })) }).toEqual(
          expected,
        );
        expect({ ...(await statements.findByKey(expected.signature)) }).toEqual(expected);
      }
    });
  });
}

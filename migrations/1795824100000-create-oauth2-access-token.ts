import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * Access tokens (only their signatures: hex SHA-384 of the HMAC part) and the replay store of
 * client assertion `jti` values (RFC 7523 §3).
 */
export class CreateOAuth2AccessToken1795824100000 implements MigrationInterface {
  name = 'CreateOAuth2AccessToken1795824100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'oauth2_access_token',
        columns: [
          { name: 'signature', type: 'varchar', length: '96', isPrimary: true },
          { name: 'request_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'client_id', type: 'varchar', length: '255', isNullable: false },
          { name: 'subject', type: 'text', isNullable: false },
          { name: 'scope', type: 'text', isNullable: false },
          { name: 'audience', type: 'text', isNullable: false },
          { name: 'session', type: 'text', isNullable: false },
          { name: 'requested_at', type: 'bigint', isNullable: false },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'oauth2_access_token_client_fk',
            columnNames: ['client_id'],
            referencedTableName: 'oauth2_client',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'oauth2_access_token_request_idx', columnNames: ['request_id'] }),
          new TableIndex({ name: 'oauth2_access_token_client_idx', columnNames: ['client_id'] }),
          new TableIndex({ name: 'oauth2_access_token_expiry_idx', columnNames: ['expires_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'oauth2_jti',
        columns: [
          { name: 'signature', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        indices: [new TableIndex({ name: 'oauth2_jti_expiry_idx', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('oauth2_jti');
    await runner.dropTable('oauth2_access_token');
  }
}

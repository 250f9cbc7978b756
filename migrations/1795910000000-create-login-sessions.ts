import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Remembered logins (single sign-on): one row per login session, found through the session
 * cookie; and the subject identifiers a login UI forced for pairwise clients.
 */
export class CreateLoginSessions1795910000000 implements MigrationInterface {
  name = 'CreateLoginSessions1795910000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'oauth2_login_session',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'subject', type: 'text', isNullable: false },
          { name: 'authenticated_at', type: 'bigint', isNullable: false },
          { name: 'remember', type: 'boolean', isNullable: false },
          { name: 'identity_provider_session_id', type: 'text', isNullable: false },
          { name: 'expires_at', type: 'bigint', isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'oauth2_login_session_subject_idx', columnNames: ['subject'] }),
          new TableIndex({ name: 'oauth2_login_session_expiry_idx', columnNames: ['expires_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'oauth2_forced_subject',
        columns: [
          { name: 'client_id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '255', isPrimary: true },
          { name: 'forced_subject', type: 'text', isNullable: false },
        ],
        foreignKeys: [
          {
            name: 'oauth2_forced_subject_client_fk',
            columnNames: ['client_id'],
            referencedTableName: 'oauth2_client',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('oauth2_forced_subject');
    await runner.dropTable('oauth2_login_session');
  }
}

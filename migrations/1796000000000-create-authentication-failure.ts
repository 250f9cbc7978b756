import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Failed client authentications per caller in the current one-minute window, counted by every
 * replica together when `rate_limits.failed_authentication.shared` is on (RFC 6819 §5.1.4.2.3).
 * `key` is a keyed hash of the caller's address. The janitor (`--tokens`) removes rows whose
 * window ended over an hour ago, by `window_start`.
 */
export class CreateAuthenticationFailure1796000000000 implements MigrationInterface {
  name = 'CreateAuthenticationFailure1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'oauth2_authentication_failure',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'window_start', type: 'bigint', isNullable: false },
          { name: 'failures', type: 'integer', isNullable: false },
        ],
        indices: [
          new TableIndex({
            name: 'oauth2_authentication_failure_window_idx',
            columnNames: ['window_start'],
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('oauth2_authentication_failure');
  }
}

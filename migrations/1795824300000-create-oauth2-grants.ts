import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

const tokenColumns = () => [
  { name: 'signature', type: 'varchar', length: '96', isPrimary: true },
  { name: 'request_id', type: 'varchar', length: '64', isNullable: false },
  { name: 'client_id', type: 'varchar', length: '255', isNullable: false },
  { name: 'subject', type: 'text', isNullable: false },
  { name: 'scope', type: 'text', isNullable: false },
  { name: 'audience', type: 'text', isNullable: false },
  { name: 'session', type: 'text', isNullable: false },
  { name: 'requested_at', type: 'bigint', isNullable: false },
  { name: 'expires_at', type: 'bigint', isNullable: false },
  { name: 'active', type: 'boolean', isNullable: false },
];

const clientForeignKey = (table: string) =>
  new TableForeignKey({
    name: `${table}_client_fk`,
    columnNames: ['client_id'],
    referencedTableName: 'oauth2_client',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

const indices = (table: string) => [
  new TableIndex({ name: `${table}_request_idx`, columnNames: ['request_id'] }),
  new TableIndex({ name: `${table}_expiry_idx`, columnNames: ['expires_at'] }),
];

/**
 * What the browser flows leave behind: authorization codes and refresh tokens (signatures only,
 * single use, kept a while after use to recognise reuse), and every completed consent
 * (`oauth2_flow`, the source of remembered consent and of consent sessions).
 */
export class CreateOAuth2Grants1795824300000 implements MigrationInterface {
  name = 'CreateOAuth2Grants1795824300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'oauth2_authorization_code',
        columns: [
          ...tokenColumns(),
          { name: 'redirect_uri', type: 'text', isNullable: false },
          { name: 'code_challenge', type: 'varchar', length: '128', isNullable: false },
        ],
        foreignKeys: [clientForeignKey('oauth2_authorization_code')],
        indices: indices('oauth2_authorization_code'),
      }),
    );
    await runner.createTable(
      new Table({
        name: 'oauth2_refresh_token',
        columns: [
          ...tokenColumns(),
          { name: 'used_at', type: 'bigint', isNullable: true },
          { name: 'used_times', type: 'integer', isNullable: false },
          { name: 'access_token_key', type: 'varchar', length: '96', isNullable: false },
        ],
        foreignKeys: [clientForeignKey('oauth2_refresh_token')],
        indices: indices('oauth2_refresh_token'),
      }),
    );
    await runner.createTable(
      new Table({
        name: 'oauth2_flow',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          {
            name: 'consent_request_id',
            type: 'varchar',
            length: '64',
            isNullable: false,
            isUnique: true,
          },
          { name: 'client_id', type: 'varchar', length: '255', isNullable: false },
          { name: 'subject', type: 'text', isNullable: false },
          { name: 'login_session_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'requested_scope', type: 'text', isNullable: false },
          { name: 'requested_audience', type: 'text', isNullable: false },
          { name: 'granted_scope', type: 'text', isNullable: false },
          { name: 'granted_audience', type: 'text', isNullable: false },
          { name: 'consent_skip', type: 'boolean', isNullable: false },
          { name: 'remember', type: 'boolean', isNullable: false },
          { name: 'remember_for', type: 'integer', isNullable: false },
          { name: 'request_url', type: 'text', isNullable: false },
          { name: 'oidc_context', type: 'text', isNullable: false },
          { name: 'session', type: 'text', isNullable: false },
          { name: 'login_context', type: 'text', isNullable: false },
          { name: 'context', type: 'text', isNullable: false },
          { name: 'acr', type: 'text', isNullable: false },
          { name: 'amr', type: 'text', isNullable: false },
          { name: 'authenticated_at', type: 'bigint', isNullable: false },
          { name: 'requested_at', type: 'bigint', isNullable: false },
          { name: 'handled_at', type: 'bigint', isNullable: false },
          { name: 'remembered_until', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [clientForeignKey('oauth2_flow')],
        indices: [
          new TableIndex({
            name: 'oauth2_flow_subject_client_idx',
            columnNames: ['subject', 'client_id'],
          }),
          new TableIndex({
            name: 'oauth2_flow_login_session_idx',
            columnNames: ['login_session_id'],
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('oauth2_flow');
    await runner.dropTable('oauth2_refresh_token');
    await runner.dropTable('oauth2_authorization_code');
  }
}

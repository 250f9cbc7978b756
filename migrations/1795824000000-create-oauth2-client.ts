import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

// Spelled out rather than imported: a migration describes the schema as it was when it landed.
const LIFESPANS = [
  'authorization_code_grant_access_token_lifespan',
  'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan',
  'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan',
  'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan',
  'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_access_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
];

const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
const list = (name: string) => ({ name, type: 'text', isNullable: false, default: "'[]'" });
const short = (name: string, length: number) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: false,
  default: "''",
});
const flag = (name: string) => ({ name, type: 'boolean', isNullable: false, default: false });

/** The OAuth 2.0 client registry (RFC 7591 metadata plus Hydra's extensions). */
export class CreateOAuth2Client1795824000000 implements MigrationInterface {
  name = 'CreateOAuth2Client1795824000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'oauth2_client',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          text('client_name'),
          text('client_secret_hash'),
          list('redirect_uris'),
          list('grant_types'),
          list('response_types'),
          text('scope'),
          list('audience'),
          text('owner'),
          text('policy_uri'),
          list('allowed_cors_origins'),
          text('tos_uri'),
          text('client_uri'),
          text('logo_uri'),
          list('contacts'),
          short('subject_type', 15),
          text('sector_identifier_uri'),
          text('jwks', true),
          text('jwks_uri'),
          short('token_endpoint_auth_method', 64),
          short('token_endpoint_auth_signing_alg', 16),
          list('request_uris'),
          short('request_object_signing_alg', 16),
          short('userinfo_signed_response_alg', 16),
          text('frontchannel_logout_uri'),
          flag('frontchannel_logout_session_required'),
          list('post_logout_redirect_uris'),
          text('backchannel_logout_uri'),
          flag('backchannel_logout_session_required'),
          text('metadata', true),
          short('registration_access_token_signature', 128),
          short('access_token_strategy', 10),
          flag('skip_consent'),
          { name: 'skip_logout_consent', type: 'boolean', isNullable: true },
          ...LIFESPANS.map((name) => ({ name, type: 'varchar', length: '32', isNullable: true })),
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
          { name: 'version', type: 'integer', isNullable: false, default: 1 },
        ],
      }),
    );
    await runner.createIndex(
      'oauth2_client',
      new TableIndex({ name: 'oauth2_client_owner_idx', columnNames: ['owner'] }),
    );
    await runner.createIndex(
      'oauth2_client',
      new TableIndex({ name: 'oauth2_client_name_idx', columnNames: ['client_name'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('oauth2_client', 'oauth2_client_name_idx');
    await runner.dropIndex('oauth2_client', 'oauth2_client_owner_idx');
    await runner.dropTable('oauth2_client');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// Spelled out rather than imported: a migration describes the schema as it was when it landed.
const COLUMNS = [
  ['tls_client_auth_subject_dn', "text NOT NULL DEFAULT ''"],
  ['tls_client_auth_san_dns', "text NOT NULL DEFAULT ''"],
  ['tls_client_auth_san_uri', "text NOT NULL DEFAULT ''"],
  ['tls_client_auth_san_ip', "text NOT NULL DEFAULT ''"],
  ['tls_client_auth_san_email', "text NOT NULL DEFAULT ''"],
  ['tls_client_certificate_bound_access_tokens', 'boolean NOT NULL DEFAULT false'],
] as const;

/**
 * Mutual-TLS client metadata (RFC 8705): the certificate identity a `tls_client_auth` client
 * registers (§2.1.2) and whether its access tokens are certificate-bound (§3.4). The defaults
 * give every existing client "nothing registered, not bound".
 *
 * Plain `ALTER TABLE … ADD/DROP COLUMN`, which SQLite (3.35+) and PostgreSQL both run in place,
 * rather than TypeORM's `addColumns`/`dropColumns`: on SQLite those rebuild the table, and when
 * TypeORM reverts a migration it does so inside the transaction, where `PRAGMA foreign_keys = OFF`
 * has no effect, so dropping the old table would cascade into every token, grant and session of
 * every client.
 */
export class AddOAuth2ClientMtls1796100000000 implements MigrationInterface {
  name = 'AddOAuth2ClientMtls1796100000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const [name, definition] of COLUMNS) {
      await runner.query(`ALTER TABLE "oauth2_client" ADD COLUMN "${name}" ${definition}`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [name] of [...COLUMNS].reverse()) {
      await runner.query(`ALTER TABLE "oauth2_client" DROP COLUMN "${name}"`);
    }
  }
}

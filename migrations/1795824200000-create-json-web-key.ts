import { type MigrationInterface, type QueryRunner, Table, TableForeignKey } from 'typeorm';

/**
 * JSON Web Key sets. A set's `version` changes with every change to its keys, so every replica
 * notices within seconds; keys are stored only encrypted (AES-256-GCM under the system secret).
 */
export class CreateJsonWebKey1795824200000 implements MigrationInterface {
  name = 'CreateJsonWebKey1795824200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'json_web_key_set',
        columns: [
          { name: 'set_id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'version', type: 'integer', isNullable: false },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'json_web_key',
        columns: [
          { name: 'set_id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'kid', type: 'varchar', length: '255', isPrimary: true },
          { name: 'key_data', type: 'text', isNullable: false },
          { name: 'created_at', type: 'bigint', isNullable: false },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'json_web_key_set_fk',
            columnNames: ['set_id'],
            referencedTableName: 'json_web_key_set',
            referencedColumnNames: ['set_id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('json_web_key');
    await runner.dropTable('json_web_key_set');
  }
}

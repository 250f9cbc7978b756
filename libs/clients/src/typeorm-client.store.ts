import { Injectable } from '@nestjs/common';
import {
  DataSource,
  MoreThan,
  type FindOptionsWhere,
  type QueryDeepPartialEntity,
  type Repository,
} from 'typeorm';
import {
  EntityStatements,
  isUniqueViolation,
  toPage,
  type Page,
  type PageRequest,
} from '@tessera/database';
import { ConflictError } from '@tessera/kernel';
import { type ClientFilter, ClientStore, type UpdateOutcome } from './client.store';
import type { OAuth2Client } from './oauth2-client';
import { OAuth2ClientEntity } from './oauth2-client.entity';

/** `ClientStore` on TypeORM: one indexed statement per operation. */
@Injectable()
export class TypeOrmClientStore extends ClientStore {
  private readonly clients: Repository<OAuth2ClientEntity>;
  private readonly statements: EntityStatements<OAuth2ClientEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.clients = dataSource.getRepository(OAuth2ClientEntity);
    this.statements = EntityStatements.of(dataSource, OAuth2ClientEntity);
  }

  async insert(client: OAuth2Client): Promise<void> {
    try {
      await this.clients.insert(asRow(this.clients.create(client)));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError();
      throw error;
    }
  }

  async findById(id: string): Promise<OAuth2Client | undefined> {
    if (!storable(id)) return undefined;
    // Every token request reads its client: the prepared statement, not a built query.
    return this.statements.findByKey(id);
  }

  async update(client: OAuth2Client, expectedVersion: number): Promise<UpdateOutcome> {
    const { client_id, ...changes } = this.clients.create(client);
    const result = await this.clients.update(
      { client_id, version: expectedVersion },
      asRow(changes),
    );
    if (result.affected === 1) return 'updated';
    return (await this.clients.existsBy({ client_id })) ? 'conflict' : 'missing';
  }

  async delete(id: string): Promise<boolean> {
    if (!storable(id)) return false;
    const result = await this.clients.delete({ client_id: id });
    return result.affected === 1;
  }

  async list(filter: ClientFilter, page: PageRequest): Promise<Page<OAuth2Client>> {
    const where: FindOptionsWhere<OAuth2ClientEntity> = {};
    if (filter.client_name) where.client_name = filter.client_name;
    if (filter.owner) where.owner = filter.owner;
    if (page.after !== undefined) where.client_id = MoreThan(page.after);
    const rows = await this.clients.find({
      where,
      order: { client_id: 'ASC' },
      take: page.size + 1,
    });
    return toPage(rows, page.size, (client) => client.client_id);
  }
}

/**
 * Whether a row could have this id: PostgreSQL text cannot hold NUL (and the registry refuses
 * control characters), so such an id names no client — on every engine, without a query.
 */
function storable(id: string): boolean {
  return !id.includes('\0');
}

/** JSON columns hold plain JSON values, which TypeORM's deep-partial type cannot express. */
function asRow<T>(value: T): QueryDeepPartialEntity<OAuth2ClientEntity> {
  return value as QueryDeepPartialEntity<OAuth2ClientEntity>;
}

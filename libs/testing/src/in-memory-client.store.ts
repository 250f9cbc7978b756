import {
  ClientStore,
  type ClientFilter,
  type OAuth2Client,
  type UpdateOutcome,
} from '@tessera/clients';
import { toPage, type Page, type PageRequest } from '@tessera/database';
import { ConflictError } from '@tessera/kernel';

/** The in-memory twin of `TypeOrmClientStore`, for unit tests; passes the same contract. */
export class InMemoryClientStore extends ClientStore {
  private readonly clients = new Map<string, OAuth2Client>();

  async insert(client: OAuth2Client): Promise<void> {
    if (this.clients.has(client.client_id)) throw new ConflictError();
    this.clients.set(client.client_id, structuredClone(client));
  }

  async findById(id: string): Promise<OAuth2Client | undefined> {
    const client = this.clients.get(id);
    return client ? structuredClone(client) : undefined;
  }

  async update(client: OAuth2Client, expectedVersion: number): Promise<UpdateOutcome> {
    const current = this.clients.get(client.client_id);
    if (!current) return 'missing';
    if (current.version !== expectedVersion) return 'conflict';
    this.clients.set(client.client_id, structuredClone(client));
    return 'updated';
  }

  async delete(id: string): Promise<boolean> {
    return this.clients.delete(id);
  }

  async list(filter: ClientFilter, page: PageRequest): Promise<Page<OAuth2Client>> {
    const rows = [...this.clients.values()]
      .filter((client) => !filter.client_name || client.client_name === filter.client_name)
      .filter((client) => !filter.owner || client.owner === filter.owner)
      .filter((client) => page.after === undefined || client.client_id > page.after)
      .sort((a, b) => (a.client_id < b.client_id ? -1 : a.client_id > b.client_id ? 1 : 0))
      .slice(0, page.size + 1)
      .map((client) => structuredClone(client));
    return toPage(rows, page.size, (client) => client.client_id);
  }
}

import { type CompletedFlow, ConsentSessionStore } from '@tessera/consent';

/** The in-memory twin of `TypeOrmConsentSessionStore`. */
export class InMemoryConsentSessionStore extends ConsentSessionStore {
  private readonly flows = new Map<string, CompletedFlow>();

  async record(flow: CompletedFlow): Promise<boolean> {
    if (this.flows.has(flow.id)) return false;
    this.flows.set(flow.id, structuredClone(flow));
    return true;
  }

  async has(flowId: string): Promise<boolean> {
    return this.flows.has(flowId);
  }
}

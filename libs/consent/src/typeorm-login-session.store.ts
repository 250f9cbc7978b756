import { Injectable } from '@nestjs/common';
import { Transactions } from '@tessera/database';
import { OAuth2ForcedSubjectEntity, OAuth2LoginSessionEntity } from './login-session.entity';
import { ForcedSubjectStore, type LoginSession, LoginSessionStore } from './login-session.store';

/** `LoginSessionStore` on TypeORM: one row per session, written with an upsert. */
@Injectable()
export class TypeOrmLoginSessionStore extends LoginSessionStore {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  private get sessions() {
    return this.transactions.repository(OAuth2LoginSessionEntity);
  }

  async find(id: string): Promise<LoginSession | undefined> {
    return (await this.sessions.findOneBy({ id })) ?? undefined;
  }

  async save(session: LoginSession): Promise<void> {
    await this.sessions.upsert({ ...session }, ['id']);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sessions.delete({ id })).affected === 1;
  }

  async deleteBySubject(subject: string): Promise<number> {
    return (await this.sessions.delete({ subject })).affected ?? 0;
  }
}

/** `ForcedSubjectStore` on TypeORM. */
@Injectable()
export class TypeOrmForcedSubjectStore extends ForcedSubjectStore {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  private get subjects() {
    return this.transactions.repository(OAuth2ForcedSubjectEntity);
  }

  async set(clientId: string, subject: string, forced: string): Promise<void> {
    await this.subjects.upsert({ clientId, subject, forcedSubject: forced }, [
      'clientId',
      'subject',
    ]);
  }

  async find(clientId: string, subject: string): Promise<string | undefined> {
    return (await this.subjects.findOneBy({ clientId, subject }))?.forcedSubject;
  }
}

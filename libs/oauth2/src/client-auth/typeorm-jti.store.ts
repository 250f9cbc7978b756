import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type Repository } from 'typeorm';
import { isUniqueViolation } from '@tessera/database';
import { Clock } from '@tessera/kernel';
import { OAuth2JtiEntity } from '../tokens/oauth2-access-token.entity';
import { JtiStore } from './jti.store';

/** `JtiStore` on TypeORM: the primary key makes a second use fail, even between replicas. */
@Injectable()
export class TypeOrmJtiStore extends JtiStore {
  private readonly jtis: Repository<OAuth2JtiEntity>;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
    this.jtis = dataSource.getRepository(OAuth2JtiEntity);
  }

  async consume(key: string, expiresAt: Date): Promise<boolean> {
    // A record that expired may be reused; remove it first (the janitor removes the others).
    await this.jtis.delete({ signature: key, expiresAt: LessThan(this.clock.now()) });
    try {
      await this.jtis.insert({ signature: key, expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

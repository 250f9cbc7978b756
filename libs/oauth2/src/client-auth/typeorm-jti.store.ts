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

  /**
   * One INSERT in the common case (a new value). Only when the value is taken, an expired record
   * of it is removed (the janitor removes the others) and the INSERT tried once more. Runs outside
   * any transaction (the assertion and proof verifiers run before the grant's unit of work), so a
   * failed INSERT aborts nothing.
   */
  async consume(key: string, expiresAt: Date): Promise<boolean> {
    if (await this.insert(key, expiresAt)) return true;
    const expired = await this.jtis.delete({
      signature: key,
      expiresAt: LessThan(this.clock.now()),
    });
    return expired.affected ? this.insert(key, expiresAt) : false;
  }

  private async insert(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.jtis.insert({ signature: key, expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

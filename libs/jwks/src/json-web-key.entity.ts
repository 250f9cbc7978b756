import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '@tessera/database';

/** Table `json_web_key_set` (migration CreateJsonWebKey). */
@Entity({ name: 'json_web_key_set' })
export class JsonWebKeySetEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 }) setId!: string;
  @Column({ type: 'integer' }) version!: number;
}

/** Table `json_web_key`: each key sealed with the system secret, bound to its set and kid. */
@Entity({ name: 'json_web_key' })
export class JsonWebKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 }) setId!: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) kid!: string;
  @Column({ type: 'text' }) keyData!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) createdAt!: Date;
}

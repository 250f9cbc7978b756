import { Column, PrimaryColumn } from 'typeorm';
import { epochMillis, jsonText } from '@tessera/database';
import type { TokenRecord } from './token-records';
import type { TokenSessionSealer } from './token-session.sealer';

/** Columns every token table shares: the record of a token, under a key derived from its signature. */
export abstract class TokenRow {
  @PrimaryColumn({ type: 'varchar', length: 96 }) signature!: string;
  @Column({ type: 'varchar', length: 64 }) requestId!: string;
  @Column({ type: 'varchar', length: 255 }) clientId!: string;
  @Column({ type: 'text' }) subject!: string;
  /** Granted scopes, space-separated. */
  @Column({ type: 'text' }) scope!: string;
  @Column({ type: 'text', transformer: jsonText }) audience!: string[];
  /** The token session, sealed with the system secret unless `oauth2.session.encrypt_at_rest` is off. */
  @Column({ type: 'text' }) session!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) requestedAt!: Date;
  @Column({ type: 'bigint', transformer: epochMillis }) expiresAt!: Date;
}

/** The shared columns of a token record. */
export function toTokenRow(record: TokenRecord, sealer: TokenSessionSealer): TokenRow {
  return {
    signature: record.key,
    requestId: record.requestId,
    clientId: record.clientId,
    subject: record.subject,
    scope: record.grantedScope.join(' '),
    audience: [...record.grantedAudience],
    session: sealer.seal(record.session),
    requestedAt: record.requestedAt,
    expiresAt: record.expiresAt,
  };
}

/** The record of a row, or `undefined` when its session cannot be opened with the configured secrets. */
export function fromTokenRow(row: TokenRow, sealer: TokenSessionSealer): TokenRecord | undefined {
  const session = sealer.open(row.session);
  if (!session) return undefined;
  return {
    key: row.signature,
    requestId: row.requestId,
    clientId: row.clientId,
    subject: row.subject,
    grantedScope: row.scope === '' ? [] : row.scope.split(' '),
    grantedAudience: row.audience,
    session,
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
  };
}

import type { ExpirableTable } from '@tessera/database';
import { OAuth2FlowEntity } from './oauth2-flow.entity';
import { OAuth2ForcedSubjectEntity, OAuth2LoginSessionEntity } from './login-session.entity';

export * from './flow';
export * from './flow.codec';
export * from './csrf-cookies';
export * from './consent-session.store';
export * from './typeorm-consent-session.store';
export * from './login-consent.strategy';
export * from './login-requests';
export * from './consent-requests';
export * from './consented-grant';
export * from './request-bodies.dto';
export * from './consent.module';
export { OAuth2FlowEntity, OAuth2ForcedSubjectEntity, OAuth2LoginSessionEntity };

/** The TypeORM entities this lib stores. */
export const CONSENT_ENTITIES = [
  OAuth2FlowEntity,
  OAuth2LoginSessionEntity,
  OAuth2ForcedSubjectEntity,
];

/** What `tessera janitor --requests` cleans here: login sessions past their lifetime. */
export const CONSENT_EXPIRABLE_TABLES: readonly ExpirableTable[] = [
  {
    group: 'requests',
    label: 'login sessions',
    entity: OAuth2LoginSessionEntity,
    key: 'id',
    expiresAt: 'expiresAt',
    requestedAt: 'authenticatedAt',
  },
];
export * from './cookie-policy';
export * from './session-cookie';
export * from './login-session.store';
export * from './typeorm-login-session.store';
export * from './subject-identifiers';
export * from './session-logout';
export * from './logout-request';
export * from './logout-strategy';
export * from './logout-requests';
export * from './consent-sessions';
export * from './login-step';
export * from './login-completion';
export * from './consent-step';

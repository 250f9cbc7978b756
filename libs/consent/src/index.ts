import { OAuth2FlowEntity } from './oauth2-flow.entity';

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
export { OAuth2FlowEntity };

/** The TypeORM entities this lib stores. */
export const CONSENT_ENTITIES = [OAuth2FlowEntity];

import { Module } from '@nestjs/common';
import { ConsentRequests } from './consent-requests';
import { ConsentSessionStore } from './consent-session.store';
import { CsrfCookies } from './csrf-cookies';
import { FlowCodec } from './flow.codec';
import { LoginConsentStrategy } from './login-consent.strategy';
import { LoginRequests } from './login-requests';
import { TypeOrmConsentSessionStore } from './typeorm-consent-session.store';

/**
 * Hydra's login and consent flow: sealed challenges and verifiers, CSRF cookies, the admin API's
 * login and consent requests, and the record of completed consents. Needs `ConfigModule` and
 * `DatabaseModule` (both global).
 */
@Module({
  providers: [
    FlowCodec,
    CsrfCookies,
    LoginConsentStrategy,
    LoginRequests,
    ConsentRequests,
    { provide: ConsentSessionStore, useClass: TypeOrmConsentSessionStore },
  ],
  exports: [LoginConsentStrategy, LoginRequests, ConsentRequests, ConsentSessionStore, CsrfCookies],
})
export class ConsentModule {}

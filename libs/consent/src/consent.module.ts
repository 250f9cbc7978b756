import { Module } from '@nestjs/common';
import { ClientsModule } from '@tessera/clients';
import { JwksModule } from '@tessera/jwks';
import { OAuth2Module } from '@tessera/oauth2';
import { ConsentStep } from './consent-step';
import { CookiePolicy } from './cookie-policy';
import { LoginCompletion } from './login-completion';
import { LoginStep } from './login-step';
import { ForcedSubjectStore, LoginSessionStore } from './login-session.store';
import { SessionCookie } from './session-cookie';
import { SubjectIdentifiers } from './subject-identifiers';
import { SessionAdministration } from './consent-sessions';
import { LogoutRequests } from './logout-requests';
import { LogoutStrategy } from './logout-strategy';
import { SessionLogout } from './session-logout';
import { TypeOrmForcedSubjectStore, TypeOrmLoginSessionStore } from './typeorm-login-session.store';
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
  imports: [ClientsModule, JwksModule, OAuth2Module],
  providers: [
    FlowCodec,
    CookiePolicy,
    CsrfCookies,
    SessionCookie,
    SubjectIdentifiers,
    LoginStep,
    LoginCompletion,
    ConsentStep,
    SessionLogout,
    LogoutStrategy,
    LogoutRequests,
    SessionAdministration,
    { provide: LoginSessionStore, useClass: TypeOrmLoginSessionStore },
    { provide: ForcedSubjectStore, useClass: TypeOrmForcedSubjectStore },
    LoginConsentStrategy,
    LoginRequests,
    ConsentRequests,
    { provide: ConsentSessionStore, useClass: TypeOrmConsentSessionStore },
  ],
  exports: [
    LogoutStrategy,
    LogoutRequests,
    SessionAdministration,
    LoginConsentStrategy,
    LoginRequests,
    ConsentRequests,
    ConsentSessionStore,
    LoginSessionStore,
    SessionCookie,
    SubjectIdentifiers,
    CsrfCookies,
  ],
})
export class ConsentModule {}

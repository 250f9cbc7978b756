import type { AuthorizeGrant, AuthorizeRequest } from '@tessera/oauth2';
import type { CompletedFlow } from './consent-session.store';

/**
 * What a completed consent grants (hydra-compat §3.3 step 7, §3.5): the consent request id
 * becomes the grant chain of every token, the login's subject, `acr`, `amr` and time, and the
 * consent's session claims go into the tokens.
 */
export function consentedGrant(flow: CompletedFlow, request: AuthorizeRequest): AuthorizeGrant {
  const { login, consent } = flow;
  return {
    requestId: flow.consentRequestId,
    subject: login.subject,
    grantedScope: consent.grantScope,
    grantedAudience: consent.grantAudience,
    session: {
      ext: consent.session.accessToken,
      oidc: {
        subject: flow.oidcSubject ?? login.subject,
        claims: consent.session.idToken,
        authTime: login.authenticatedAt,
        requestedAt: Math.floor(flow.requestedAt / 1000),
        acr: login.acr,
        amr: login.amr,
        sid: flow.sessionId,
        ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      },
    },
  };
}

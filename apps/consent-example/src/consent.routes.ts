import { type Request, type Response, Router } from 'express';
import type { OAuth2Api } from '@ory/hydra-client';
import { checkCsrf, csrfToken } from './csrf';
import { clientName, field, idTokenClaims, query, REMEMBER_FOR } from './hydra-admin';
import { consentPage } from './pages';

/** The consent screen: skip it when remembered or for a first-party client, else ask. */
export function consentRoutes(hydra: OAuth2Api): Router {
  const router = Router();

  router.get('/consent', showConsent(hydra));

  router.post('/consent', checkCsrf, submitConsent(hydra));

  return router;
}

function showConsent(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const consentChallenge = query(request, 'consent_challenge');
    const { data: consent } = await hydra.getOAuth2ConsentRequest({ consentChallenge });
    const subject = consent.subject ?? '';
    if (consent.skip || consent.client?.skip_consent) {
      // Remembered (or a first-party client): grant what was asked, with the claims again.
      const { data } = await hydra.acceptOAuth2ConsentRequest({
        consentChallenge,
        acceptOAuth2ConsentRequest: {
          grant_scope: consent.requested_scope,
          grant_access_token_audience: consent.requested_access_token_audience,
          session: { id_token: idTokenClaims(subject) },
        },
      });
      return response.redirect(data.redirect_to);
    }
    response.send(
      consentPage({
        challenge: consentChallenge,
        csrf: csrfToken(request, response),
        clientName: clientName(consent.client),
        subject,
        scopes: consent.requested_scope ?? [],
        audience: consent.requested_access_token_audience ?? [],
      }),
    );
  };
}

function submitConsent(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const consentChallenge = field(request, 'challenge');
    if (field(request, 'submit') === 'deny') {
      const { data } = await hydra.rejectOAuth2ConsentRequest({
        consentChallenge,
        rejectOAuth2Request: {
          error: 'access_denied',
          error_description: 'The user denied the request.',
        },
      });
      return response.redirect(303, data.redirect_to);
    }
    const { data: consent } = await hydra.getOAuth2ConsentRequest({ consentChallenge });
    const chosen = ([] as unknown[]).concat(request.body?.grant_scope ?? []);
    const { data } = await hydra.acceptOAuth2ConsentRequest({
      consentChallenge,
      acceptOAuth2ConsentRequest: {
        grant_scope: (consent.requested_scope ?? []).filter((scope) => chosen.includes(scope)),
        grant_access_token_audience: consent.requested_access_token_audience,
        remember: field(request, 'remember') === '1',
        remember_for: REMEMBER_FOR,
        session: { id_token: idTokenClaims(consent.subject ?? '') },
      },
    });
    response.redirect(303, data.redirect_to);
  };
}

import { type Request, type Response, Router } from 'express';
import type { OAuth2Api } from '@ory/hydra-client';
import { checkCsrf, csrfToken } from './csrf';
import { field, query } from './hydra-admin';
import { logoutPage } from './pages';

/** The logout confirmation: skipped for clients registered with `skip_logout_consent`. */
export function logoutRoutes(hydra: OAuth2Api): Router {
  const router = Router();

  router.get('/logout', showLogout(hydra));

  router.post('/logout', checkCsrf, submitLogout(hydra));

  return router;
}

function showLogout(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const logoutChallenge = query(request, 'logout_challenge');
    const { data: logout } = await hydra.getOAuth2LogoutRequest({ logoutChallenge });
    if (logout.client?.skip_logout_consent) {
      const { data } = await hydra.acceptOAuth2LogoutRequest({ logoutChallenge });
      return response.redirect(data.redirect_to);
    }
    response.send(
      logoutPage({
        challenge: logoutChallenge,
        csrf: csrfToken(request, response),
        subject: logout.subject ?? '',
      }),
    );
  };
}

function submitLogout(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const logoutChallenge = field(request, 'challenge');
    if (field(request, 'submit') !== 'yes') {
      await hydra.rejectOAuth2LogoutRequest({ logoutChallenge });
      return response.redirect(303, '/?stayed=1');
    }
    const { data } = await hydra.acceptOAuth2LogoutRequest({ logoutChallenge });
    response.redirect(303, data.redirect_to);
  };
}

import { type Request, type Response, Router } from 'express';
import type { OAuth2Api } from '@ory/hydra-client';
import { checkCsrf, csrfToken } from './csrf';
import { clientName, field, query, REMEMBER_FOR } from './hydra-admin';
import { loginPage } from './pages';
import { authenticate } from './users';

/** The login screen: skip it for a remembered user, else check the password. */
export function loginRoutes(hydra: OAuth2Api): Router {
  const router = Router();

  router.get('/login', showLogin(hydra));

  router.post('/login', checkCsrf, submitLogin(hydra));

  return router;
}

async function wrongPassword(
  hydra: OAuth2Api,
  request: Request,
  response: Response,
  loginChallenge: string,
): Promise<void> {
  const { data: login } = await hydra.getOAuth2LoginRequest({ loginChallenge });
  response.status(401).send(
    loginPage({
      challenge: loginChallenge,
      csrf: csrfToken(request, response),
      clientName: clientName(login.client),
      email: field(request, 'email'),
      error: 'The email address or password is wrong.',
    }),
  );
}

function showLogin(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const loginChallenge = query(request, 'login_challenge');
    const { data: login } = await hydra.getOAuth2LoginRequest({ loginChallenge });
    if (login.skip) {
      // The user signed in before and asked to be remembered: do not ask again.
      const { data } = await hydra.acceptOAuth2LoginRequest({
        loginChallenge,
        acceptOAuth2LoginRequest: { subject: login.subject },
      });
      return response.redirect(data.redirect_to);
    }
    response.send(
      loginPage({
        challenge: loginChallenge,
        csrf: csrfToken(request, response),
        clientName: clientName(login.client),
        email: login.oidc_context?.login_hint,
      }),
    );
  };
}

function submitLogin(hydra: OAuth2Api) {
  return async (request: Request, response: Response): Promise<void> => {
    const loginChallenge = field(request, 'challenge');
    if (field(request, 'submit') === 'deny') {
      const { data } = await hydra.rejectOAuth2LoginRequest({
        loginChallenge,
        rejectOAuth2Request: {
          error: 'access_denied',
          error_description: 'The user cancelled the sign-in.',
        },
      });
      return response.redirect(303, data.redirect_to);
    }
    const user = authenticate(field(request, 'email'), field(request, 'password'));
    if (!user) return wrongPassword(hydra, request, response, loginChallenge);
    const { data } = await hydra.acceptOAuth2LoginRequest({
      loginChallenge,
      acceptOAuth2LoginRequest: {
        subject: user.email,
        remember: field(request, 'remember') === '1',
        remember_for: REMEMBER_FOR,
        acr: '0',
        amr: ['pwd'],
      },
    });
    response.redirect(303, data.redirect_to);
  };
}

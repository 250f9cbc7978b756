import express, { type NextFunction, type Request, type Response } from 'express';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { consentRoutes } from './consent.routes';
import { loginRoutes } from './login.routes';
import { logoutRoutes } from './logout.routes';
import { messagePage } from './pages';

/**
 * The example login, consent and logout app for Tessera (or Hydra): server-rendered pages that
 * talk to the admin API through the official `@ory/hydra-client` SDK.
 *   HYDRA_ADMIN_URL  the admin API (default http://127.0.0.1:4445)
 *   PORT             where this app listens (default 3000)
 */
export function createConsentApp(adminUrl: string): express.Express {
  const hydra = new OAuth2Api(new Configuration({ basePath: adminUrl.replace(/\/+$/, '') }));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use((_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'",
    );
    next();
  });
  app.get('/', (request, response) => {
    const text =
      request.query.stayed === '1'
        ? 'You are still signed in.'
        : 'This app signs users in for your OAuth 2.0 clients. Start an authorization request at the authorization server to see it at work.';
    response.send(messagePage('Example login and consent', text));
  });
  app.use(loginRoutes(hydra), consentRoutes(hydra), logoutRoutes(hydra));
  app.use(errorPage);
  return app;
}

interface AdminAnswer {
  readonly status?: number;
  readonly data?: { error_description?: string; redirect_to?: string };
}

/** Admin API answers become readable pages; a used request offers the way on. */
function errorPage(
  error: unknown,
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (response.headersSent) return next(error);
  const answer = (error as { response?: AdminAnswer }).response;
  if (answer?.status === 410 && answer.data?.redirect_to) {
    const page = messagePage(
      'Already done',
      'This request has already been handled.',
      answer.data.redirect_to,
    );
    response.status(410).send(page);
  } else if (answer?.status !== undefined && answer.status >= 400 && answer.status < 500) {
    const why = answer.data?.error_description || 'Start again from the application.';
    response.status(answer.status).send(messagePage('This link is no longer valid', why));
  } else {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    const page = messagePage(
      'Something went wrong',
      'The authorization server could not be reached. Try again in a moment.',
    );
    response.status(502).send(page);
  }
}

if (require.main === module) {
  const adminUrl = process.env.HYDRA_ADMIN_URL || 'http://127.0.0.1:4445';
  const port = Number(process.env.PORT || 3000);
  createConsentApp(adminUrl).listen(port, () => {
    process.stdout.write(
      `Example login and consent app on http://localhost:${port} (admin API ${adminUrl})\n`,
    );
  });
}

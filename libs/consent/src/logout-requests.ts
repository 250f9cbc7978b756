import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import {
  InvalidRequestError,
  NotFoundError,
  RequestUnauthorizedError,
  Telemetry,
} from '@tessera/kernel';
import { withQuery } from './challenges';
import { FlowCodec } from './flow.codec';
import { LoginSessionStore } from './login-session.store';
import { logoutRequestJson, type LogoutRequest } from './logout-request';
import type { RedirectTo, RequestLookup } from './login-requests';

/**
 * The logout requests of the admin API (hydra-compat §1.3, §2.9): the logout UI reads one, then
 * accepts it — the browser is sent back with a logout verifier — or rejects it (nothing happens).
 * A request whose session has ended answers 410.
 */
@Injectable()
export class LogoutRequests {
  constructor(
    private readonly codec: FlowCodec,
    private readonly sessions: LoginSessionStore,
    private readonly config: TesseraConfig,
    private readonly telemetry: Telemetry,
  ) {}

  async get(challenge: unknown): Promise<RequestLookup> {
    const request = this.open(challenge);
    if (!(await this.sessions.find(request.sid)))
      return { gone: true, redirectTo: request.requestUrl };
    return {
      gone: false,
      request: logoutRequestJson(request, challenge as string, this.codec.expiresAt(request)),
    };
  }

  accept(challenge: unknown): RedirectTo {
    const verifier = this.codec.seal(this.open(challenge), 'logout-verifier');
    this.telemetry.flowDecided('logout', 'accepted');
    return {
      redirect_to: withQuery(this.config.publicUrl('/oauth2/sessions/logout'), {
        logout_verifier: verifier,
      }),
    };
  }

  reject(challenge: unknown): void {
    this.open(challenge);
    this.telemetry.flowDecided('logout', 'rejected');
  }

  private open(challenge: unknown): LogoutRequest {
    if (typeof challenge !== 'string' || challenge === '') {
      throw new InvalidRequestError().withHint(
        "Query parameter 'challenge' is not defined but should have been.",
      );
    }
    const opened = this.codec.open<LogoutRequest>(challenge, 'logout-challenge');
    if (opened.status === 'invalid')
      throw new NotFoundError('Unable to locate the requested resource');
    if (opened.status === 'expired')
      throw new RequestUnauthorizedError().withHint(
        'The logout request has expired, please try again.',
      );
    return opened.flow;
  }
}

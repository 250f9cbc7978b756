import { Injectable } from '@nestjs/common';
import { Clock, InvalidRequestError, parseJsonDocument, Telemetry } from '@tessera/kernel';
import { openChallenge, withQuery } from './challenges';
import { ConsentSessionStore } from './consent-session.store';
import type { Flow, RequestDenial } from './flow';
import { FlowCodec } from './flow.codec';
import { loginRequestJson } from './flow-json';
import { AcceptOAuth2LoginRequestDto, RejectOAuth2RequestDto } from './request-bodies.dto';

/** What `GET …/requests/{login,consent}` answers: the request, or 410 with where it went. */
export type RequestLookup =
  | { readonly gone: false; readonly request: Record<string, unknown> }
  | { readonly gone: true; readonly redirectTo: string };

export interface RedirectTo {
  readonly redirect_to: string;
}

/** The `subject` column of remembered forced subjects (`oauth2_forced_subject`). */
const MAX_FORCED_SUBJECT_LENGTH = 255;

/**
 * The login requests of the admin API (hydra-compat §1.3, §2.3–§2.4, §2.7): the login UI reads
 * one and accepts or rejects it. Nothing is stored: the decision is sealed into a login verifier,
 * and the browser is sent back to the authorization endpoint with it.
 */
@Injectable()
export class LoginRequests {
  constructor(
    private readonly codec: FlowCodec,
    private readonly sessions: ConsentSessionStore,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async get(challenge: unknown): Promise<RequestLookup> {
    const flow = openChallenge(this.codec, challenge, 'login');
    if (await this.sessions.has(flow.id)) return { gone: true, redirectTo: flow.requestUrl };
    return { gone: false, request: loginRequestJson(flow, challenge as string) };
  }

  accept(challenge: unknown, body: unknown): RedirectTo {
    const accepted = parseJsonDocument(AcceptOAuth2LoginRequestDto, body);
    if (accepted.subject.trim() === '')
      throw new InvalidRequestError().withHint("Field 'subject' must not be empty.");
    // Forced subjects are remembered per subject, in a column of 255 characters (as in Hydra).
    if (accepted.force_subject_identifier && accepted.subject.length > MAX_FORCED_SUBJECT_LENGTH)
      throw new InvalidRequestError().withHint(
        `Field 'subject' may be at most ${MAX_FORCED_SUBJECT_LENGTH} characters long with 'force_subject_identifier'.`,
      );
    const flow = openChallenge(this.codec, challenge, 'login');
    // A remembered login accepted for someone else: log in afresh (hydra-compat §3.3 step 3).
    if (flow.loginSkip && accepted.subject !== flow.rememberedSubject)
      return { redirect_to: withQuery(flow.requestUrl, { prompt: 'login' }) };
    const skip = flow.loginSkip === true;
    this.telemetry.flowDecided('login', 'accepted');
    return this.verifier({
      ...flow,
      login: {
        subject: accepted.subject,
        remember: skip || (accepted.remember ?? false),
        rememberFor: accepted.remember_for ?? 0,
        extendSessionLifespan: accepted.extend_session_lifespan ?? false,
        acr: accepted.acr ?? '',
        amr: accepted.amr ?? [],
        context: accepted.context ?? null,
        forceSubjectIdentifier: accepted.force_subject_identifier ?? '',
        identityProviderSessionId: accepted.identity_provider_session_id ?? '',
        authenticatedAt:
          skip && flow.rememberedAuthTime !== undefined
            ? flow.rememberedAuthTime
            : Math.floor(this.clock.nowMs() / 1000),
      },
    });
  }

  reject(challenge: unknown, body: unknown): RedirectTo {
    const denial = requestDenial(body);
    const flow = openChallenge(this.codec, challenge, 'login');
    this.telemetry.flowDecided('login', 'rejected');
    return this.verifier({ ...flow, loginError: denial });
  }

  private verifier(flow: Flow): RedirectTo {
    const verifier = this.codec.seal(flow, 'login-verifier');
    return { redirect_to: withQuery(flow.requestUrl, { login_verifier: verifier }) };
  }
}

/** A reject body (hydra-compat §2.7). */
export function requestDenial(body: unknown): RequestDenial {
  const rejected = parseJsonDocument(RejectOAuth2RequestDto, body ?? {});
  return {
    error: rejected.error ?? '',
    errorDescription: rejected.error_description ?? '',
    errorHint: rejected.error_hint ?? '',
    errorDebug: rejected.error_debug ?? '',
    statusCode: rejected.status_code ?? 400,
  };
}

import { Injectable } from '@nestjs/common';
import { Clock, parseJsonDocument, Telemetry } from '@tessera/kernel';
import { openChallenge, withQuery } from './challenges';
import { ConsentSessionStore } from './consent-session.store';
import type { Flow } from './flow';
import { FlowCodec } from './flow.codec';
import { consentRequestJson } from './flow-json';
import { type RedirectTo, requestDenial, type RequestLookup } from './login-requests';
import { AcceptOAuth2ConsentRequestDto } from './request-bodies.dto';

/**
 * The consent requests of the admin API (hydra-compat §1.3, §2.5–§2.7): the consent UI reads
 * one and grants or refuses it. The decision is sealed into a consent verifier; only when the
 * browser brings that back is the consent recorded and the authorization response issued.
 */
@Injectable()
export class ConsentRequests {
  constructor(
    private readonly codec: FlowCodec,
    private readonly sessions: ConsentSessionStore,
    private readonly clock: Clock,
    private readonly telemetry: Telemetry,
  ) {}

  async get(challenge: unknown): Promise<RequestLookup> {
    const flow = openChallenge(this.codec, challenge, 'consent');
    if (await this.sessions.has(flow.id)) return { gone: true, redirectTo: flow.requestUrl };
    return { gone: false, request: consentRequestJson(flow, challenge as string) };
  }

  accept(challenge: unknown, body: unknown): RedirectTo {
    const accepted = parseJsonDocument(AcceptOAuth2ConsentRequestDto, body ?? {});
    const flow = openChallenge(this.codec, challenge, 'consent');
    this.telemetry.flowDecided('consent', 'accepted');
    return this.verifier({
      ...flow,
      consent: {
        grantScope: accepted.grant_scope ?? [],
        grantAudience: accepted.grant_access_token_audience ?? [],
        remember: accepted.remember ?? false,
        rememberFor: accepted.remember_for ?? 0,
        session: {
          accessToken: accepted.session?.access_token ?? {},
          idToken: accepted.session?.id_token ?? {},
        },
        context: accepted.context ?? null,
        handledAt: this.clock.nowMs(),
      },
    });
  }

  reject(challenge: unknown, body: unknown): RedirectTo {
    const denial = requestDenial(body);
    const flow = openChallenge(this.codec, challenge, 'consent');
    this.telemetry.flowDecided('consent', 'rejected');
    return this.verifier({ ...flow, consentError: denial });
  }

  private verifier(flow: Flow): RedirectTo {
    const verifier = this.codec.seal(flow, 'consent-verifier');
    return { redirect_to: withQuery(flow.requestUrl, { consent_verifier: verifier }) };
  }
}

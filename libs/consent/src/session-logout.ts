import { Injectable, Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ClientStore, type OAuth2Client, outboundRequest } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { Clock, randomUuid } from '@tessera/kernel';
import { ConsentSessionStore } from './consent-session.store';
import { withQuery } from './challenges';
import { ForcedSubjectStore, LoginSessionStore } from './login-session.store';
import { SubjectIdentifiers } from './subject-identifiers';

const BACK_CHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How long a client has to answer one delivery, and the pauses before the retries. */
const DELIVERY_TIMEOUT_MS = 10_000;
const RETRY_PAUSES_MS = [1_000, 3_000];
/** Logout tokens are short-lived: they announce an event, they do not grant anything. */
const LOGOUT_TOKEN_LIFETIME_SECONDS = 120;

/** A login session that ended: the front-channel URLs the browser must visit. */
export interface EndedSession {
  readonly ended: boolean;
  readonly frontChannelUrls: string[];
}

/**
 * Ends a login session everywhere (OIDC Front-Channel Logout 1.0, Back-Channel Logout 1.0): the
 * clients that took part in it are found through their consents, the session is deleted — only
 * the first of concurrent logouts goes on — each client with a `backchannel_logout_uri` is sent a
 * signed logout token in the background, and the `frontchannel_logout_uri`s are returned for the
 * browser. Tokens and consents are not revoked (hydra-compat §3.7).
 */
@Injectable()
export class SessionLogout {
  private readonly logger = new Logger('SessionLogout');

  constructor(
    private readonly sessions: LoginSessionStore,
    private readonly consents: ConsentSessionStore,
    private readonly clients: ClientStore,
    private readonly keys: JsonWebKeyManager,
    private readonly subjects: SubjectIdentifiers,
    private readonly forced: ForcedSubjectStore,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async end(subject: string, sid: string): Promise<EndedSession> {
    const participants = await this.participants(subject, sid);
    if (!(await this.sessions.delete(sid))) return { ended: false, frontChannelUrls: [] };
    for (const client of participants.filter((c) => c.backchannel_logout_uri)) {
      void this.notify(client, subject, sid);
    }
    const issuer = this.config.urls.self.issuer;
    const frontChannelUrls = participants
      .filter((client) => client.frontchannel_logout_uri)
      .map((client) => withQuery(client.frontchannel_logout_uri, { iss: issuer, sid }));
    return { ended: true, frontChannelUrls };
  }

  private async participants(subject: string, sid: string): Promise<OAuth2Client[]> {
    const ids = await this.consents.clientsOfLoginSession(subject, sid);
    const clients = await Promise.all(ids.map((id) => this.clients.findById(id)));
    return clients.filter((client): client is OAuth2Client => client !== undefined);
  }

  /** Delivers a logout token; failures are retried a few times, then logged. */
  private async notify(client: OAuth2Client, subject: string, sid: string): Promise<void> {
    try {
      const body = new URLSearchParams({
        logout_token: await this.logoutToken(client, subject, sid),
      });
      for (let attempt = 0; ; attempt++) {
        const status = await deliver(
          client.backchannel_logout_uri,
          body.toString(),
          this.config.clients.http.disallow_private_ip_ranges,
        );
        if (status === 200 || status === 204) return;
        const retryable = status === 0 || status === 429 || status >= 500;
        if (!retryable || attempt >= RETRY_PAUSES_MS.length) {
          this.logger.warn(
            `Back-channel logout of client ${client.client_id} failed (status ${status}).`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSES_MS[attempt]));
      }
    } catch (error) {
      this.logger.error(
        `Back-channel logout of client ${client.client_id} failed: ${(error as Error).message}`,
      );
    }
  }

  /** Back-Channel Logout 1.0 §2.4, with the `sub` the client knows and an `exp`, which Hydra omits. */
  private async logoutToken(client: OAuth2Client, subject: string, sid: string): Promise<string> {
    const signing = await this.keys.signingKey(ID_TOKEN_KEY_SET);
    const now = Math.floor(this.clock.nowMs() / 1000);
    const sub =
      (await this.forced.find(client.client_id, subject)) ??
      this.subjects.forClient(client, subject);
    return new SignJWT({ events: { [BACK_CHANNEL_EVENT]: {} }, sid })
      .setProtectedHeader({ alg: signing.jwk.alg, kid: signing.jwk.kid, typ: 'logout+jwt' })
      .setIssuer(this.config.urls.self.issuer)
      .setAudience([client.client_id])
      .setSubject(sub)
      .setIssuedAt(now)
      .setExpirationTime(now + LOGOUT_TOKEN_LIFETIME_SECONDS)
      .setJti(randomUuid())
      .sign(signing.key);
  }
}

/** One POST of a logout token; the status, or 0 when the client could not be reached. */
async function deliver(uri: string, body: string, denyPrivateAddresses: boolean): Promise<number> {
  try {
    const response = await outboundRequest(
      uri,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
      { timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: 64 * 1024, denyPrivateAddresses },
    );
    return response.status;
  } catch {
    return 0;
  }
}

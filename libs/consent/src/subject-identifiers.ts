import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { InvalidRequestError } from '@tessera/kernel';

/**
 * Subject identifiers (OIDC Core §8): the `sub` a client sees in ID tokens and UserInfo. Public
 * clients see the subject; pairwise clients a hash of their sector, the subject and the salt, so
 * that two sectors cannot correlate a user — or the value the login UI forced for this login.
 * Hydra hashes the whole `sector_identifier_uri` (not only its host) or the host of the only
 * redirect URI; Tessera does the same so that subjects stay stable when moving from Hydra.
 */
@Injectable()
export class SubjectIdentifiers {
  constructor(private readonly config: TesseraConfig) {}

  forClient(client: OAuth2Client, subject: string, forced = ''): string {
    if (client.subject_type !== 'pairwise') return subject;
    const { supported_types: types, pairwise } = this.config.oidc.subject_identifiers;
    if (!types.includes('pairwise')) {
      throw new InvalidRequestError().withHint(
        `Subject Identifier Algorithm 'pairwise' was requested by OAuth 2.0 Client '${client.client_id}' but is not configured.`,
      );
    }
    if (forced !== '') return forced;
    const sector = client.sector_identifier_uri || this.redirectHost(client);
    return createHash('sha256').update(`${sector}${subject}${pairwise.salt}`).digest('hex');
  }

  private redirectHost(client: OAuth2Client): string {
    if (client.redirect_uris.length !== 1) {
      throw new InvalidRequestError().withHint(
        `OAuth 2.0 Client ${client.client_id} has ${client.redirect_uris.length === 0 ? 'no' : 'multiple'} redirect_uris but no sector_identifier_uri was set which is not allowed when performing using subject type pairwise. Please reconfigure the OAuth 2.0 client properly.`,
      );
    }
    return new URL(client.redirect_uris[0]).host;
  }
}

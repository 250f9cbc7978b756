import { Injectable } from '@nestjs/common';
import {
  Clock,
  ConflictError,
  InvalidClientMetadataError,
  NotFoundError,
  parseJsonDocument,
  randomString,
  randomUuid,
  UNRESERVED_ALPHABET,
} from '@tessera/kernel';
import { TesseraConfig } from '@tessera/config';
import type { Page, PageRequest } from '@tessera/database';
import { applyClientPatch } from './client-json-patch';
import { CONTROL_CHARACTER } from './client-uris';
import { toClientJson } from './client-json';
import { ClientMetadataValidator } from './client-metadata.validator';
import { BCRYPT_MAX_BYTES, ClientSecretHasher } from './client-secret.hasher';
import { type ClientFilter, ClientStore } from './client.store';
import { OAuth2ClientTokenLifespansDto } from './oauth2-client-lifespans.dto';
import { OAuth2ClientDto } from './oauth2-client.dto';
import {
  type OAuth2Client,
  type OAuth2ClientMetadata,
  usesClientSecret,
  usesTlsClientAuth,
} from './oauth2-client';
import { normaliseLifespans } from './client-lifespans';

/** Hydra generates 26-character secrets from the unreserved characters. */
const GENERATED_SECRET_LENGTH = 26;
const MIN_SECRET_LENGTH = 6;
/** Optimistic updates retry this often before giving up with 409. */
const UPDATE_ATTEMPTS = 3;

/** A client and, only in the response that created or changed it, its plaintext secret. */
export interface ClientWithSecret {
  readonly client: OAuth2Client;
  readonly secret?: string;
}

/**
 * The OAuth 2.0 client registry behind `/admin/clients` (hydra-compat §1.3): creates, reads,
 * lists, replaces, patches and deletes clients. Secrets are hashed before they are stored and
 * returned in plaintext only by the request that set them.
 */
@Injectable()
export class ClientRegistry {
  constructor(
    private readonly store: ClientStore,
    private readonly validator: ClientMetadataValidator,
    private readonly hasher: ClientSecretHasher,
    private readonly clock: Clock,
    private readonly config: TesseraConfig,
  ) {}

  async create(body: unknown): Promise<ClientWithSecret> {
    const input = parseJsonDocument(OAuth2ClientDto, body);
    const metadata = await this.validator.validate(input);
    const clientId = checkClientId(input.client_id || randomUuid());
    const secret = await this.resolveSecret(
      metadata.token_endpoint_auth_method,
      input.client_secret,
      '',
    );
    const now = new Date(Math.floor(this.clock.nowMs() / 1000) * 1000);
    const client: OAuth2Client = {
      ...metadata,
      client_id: clientId,
      client_secret_hash: secret.hash,
      registration_access_token_signature: '',
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.store.insert(client);
    return { client, secret: secret.plaintext };
  }

  async get(id: string): Promise<OAuth2Client> {
    const client = await this.store.findById(id);
    if (!client) throw new NotFoundError();
    return client;
  }

  list(filter: ClientFilter, page: PageRequest): Promise<Page<OAuth2Client>> {
    return this.store.list(filter, page);
  }

  /** Full replacement (PUT); an empty secret keeps the stored one. */
  async replace(id: string, body: unknown): Promise<ClientWithSecret> {
    const input = parseJsonDocument(OAuth2ClientDto, body);
    const metadata = await this.validator.validate(input);
    return this.update(id, (current) => this.withMetadata(current, metadata, input.client_secret));
  }

  /** RFC 6902 JSON Patch (PATCH) of the client document, then the same checks as PUT. */
  async patch(id: string, patch: unknown): Promise<ClientWithSecret> {
    return this.update(id, async (current) => {
      const input = parseJsonDocument(
        OAuth2ClientDto,
        applyClientPatch(toClientJson(current), patch),
      );
      return this.withMetadata(current, await this.validator.validate(input), input.client_secret);
    });
  }

  /** Replaces the whole set of per-client token lifespans (PUT …/lifespans). */
  async setLifespans(id: string, body: unknown): Promise<OAuth2Client> {
    const lifespans = normaliseLifespans(parseJsonDocument(OAuth2ClientTokenLifespansDto, body));
    const { client } = await this.update(id, async (current) => ({
      client: { ...current, ...lifespans },
    }));
    return client;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new NotFoundError();
  }

  /** Read, change, write with optimistic concurrency: a concurrent writer never loses its change. */
  private async update(
    id: string,
    change: (current: OAuth2Client) => Promise<ClientWithSecret>,
  ): Promise<ClientWithSecret> {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      const next = await change(current);
      const client = {
        ...next.client,
        client_id: id,
        updated_at: this.clock.now(),
        version: current.version + 1,
      };
      const outcome = await this.store.update(client, current.version);
      if (outcome === 'updated') return { client, secret: next.secret };
      if (outcome === 'missing') throw new NotFoundError();
    }
    throw new ConflictError('The client was changed concurrently; retry the request.');
  }

  /** The client with new metadata; its secret kept, replaced or generated as the method needs. */
  private async withMetadata(
    current: OAuth2Client,
    metadata: OAuth2ClientMetadata,
    suppliedSecret: string | undefined,
  ): Promise<ClientWithSecret> {
    const method = metadata.token_endpoint_auth_method;
    const secret = await this.resolveSecret(method, suppliedSecret, current.client_secret_hash);
    return {
      client: { ...current, ...metadata, client_secret_hash: secret.hash },
      secret: secret.plaintext,
    };
  }

  /**
   * The stored hash and the plaintext to return. Secret-based clients get a generated secret when
   * they have none; clients that do not authenticate with a secret keep none.
   */
  private async resolveSecret(
    method: string,
    supplied: string | undefined,
    storedHash: string,
  ): Promise<{ hash: string; plaintext?: string }> {
    if (!usesClientSecret(method)) {
      // A public client has no secret; a mutual-TLS client proves itself with its certificate
      // alone (RFC 8705 §2), so a secret registered beside it would be a second, weaker key.
      if (supplied && (method === 'none' || usesTlsClientAuth(method))) {
        throw new InvalidClientMetadataError().withHint(
          `A client with token_endpoint_auth_method ${method} must not have a client_secret.`,
        );
      }
      return { hash: supplied ? await this.hasher.hash(checkSecret(supplied, this.config)) : '' };
    }
    if (supplied)
      return {
        hash: await this.hasher.hash(checkSecret(supplied, this.config)),
        plaintext: supplied,
      };
    if (storedHash !== '') return { hash: storedHash };
    const generated = randomString(GENERATED_SECRET_LENGTH, UNRESERVED_ALPHABET);
    return { hash: await this.hasher.hash(generated), plaintext: generated };
  }
}

function checkSecret(secret: string, config: TesseraConfig): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new InvalidClientMetadataError().withHint(
      `Field client_secret must contain a secret that is at least ${MIN_SECRET_LENGTH} characters long.`,
    );
  }
  if (
    config.oauth2.hashers.algorithm === 'bcrypt' &&
    Buffer.byteLength(secret) > BCRYPT_MAX_BYTES
  ) {
    throw new InvalidClientMetadataError().withHint(
      `Field client_secret must be at most ${BCRYPT_MAX_BYTES} bytes long when secrets are hashed with bcrypt.`,
    );
  }
  return secret;
}

/** Client ids are free text (Hydra), but control characters would corrupt URLs, headers and logs. */
function checkClientId(id: string): string {
  if (CONTROL_CHARACTER.test(id)) {
    throw new InvalidClientMetadataError().withHint(
      'Field client_id must not contain control characters.',
    );
  }
  return id;
}

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  type JWK,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { joinUrl, TesseraConfig } from '@tessera/config';
import { SIGNING_ALGORITHMS } from '@tessera/jwks';
import { Clock, InvalidDpopProofError, UseDpopNonceError } from '@tessera/kernel';
import { JtiStore } from '../client-auth/jti.store';
import { DpopNonceCodec } from './dpop-nonce.codec';

/**
 * RFC 9449 §4.3, §5.1: the JWS algorithms accepted for proofs, announced in discovery as
 * `dpop_signing_alg_values_supported`. Asymmetric only: never `none`, never HMAC.
 */
export const DPOP_SIGNING_ALGORITHMS: readonly string[] = SIGNING_ALGORITHMS;
/** RFC 9449 §4.3, §11.1: how far ahead of our clock a proof's `iat` may be (clock skew). */
export const DPOP_MAX_CLOCK_SKEW_SECONDS = 60;
/** RFC 9449 §4.3, §11.1: how old a proof may be; its `jti` is remembered for as long. */
export const DPOP_MAX_AGE_SECONDS = 300;
/** A proof is a few hundred bytes (an RSA key makes it larger); anything far longer is refused unread. */
const MAX_PROOF_LENGTH = 8_192;
const MAX_JTI_LENGTH = 256;
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Members only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** Replay records of proofs are kept apart from client assertion ids (hex keys, no colon). */
const REPLAY_KEY_PREFIX = 'dpop:';

/** The endpoints that take DPoP proofs: the token endpoint and UserInfo, our protected resource. */
export type DpopEndpoint = 'token' | 'userinfo';

/** What a proof must match: the request it came with. */
export interface DpopProofRequest {
  /** Every value of the request's `DPoP` header field (RFC 9449 §4.1); exactly one is valid. */
  readonly proofs: readonly string[];
  /** The HTTP method, for `htm`. */
  readonly method: string;
  /** The endpoint, whose configured public URL `htu` must name. */
  readonly endpoint: DpopEndpoint;
  /** At a protected resource: the access token, whose hash `ath` must be (RFC 9449 §4.2). */
  readonly accessToken?: string;
}

/** A verified proof: the key it demonstrates possession of. */
export interface DpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key (RFC 9449 §6.1 `jkt`). */
  readonly jkt: string;
}

type Invalid = (hint: string) => InvalidDpopProofError;

/**
 * Checks a DPoP proof (RFC 9449 §4.3): one `DPoP` header holding a JWS compact JWT of `typ`
 * `dpop+jwt`, signed with an accepted asymmetric `alg` by the public key in its `jwk` header, whose
 * `htm` and `htu` name this request, whose `iat` is recent, whose `jti` was not seen before
 * (§11.1) and, at a protected resource, whose `ath` is the hash of the access token. Failures are
 * `invalid_dpop_proof`: 400 at the token endpoint (§5), 401 at a protected resource (§7.1). With
 * `oauth2.dpop.nonce.enabled`, a proof must also carry a nonce this server provided (§8, §9),
 * else `use_dpop_nonce` with the nonce to use in `DPoP-Nonce`.
 */
@Injectable()
export class DpopProofVerifier {
  private readonly targets: Readonly<Record<DpopEndpoint, ReadonlySet<string>>>;

  constructor(
    config: TesseraConfig,
    private readonly jtis: JtiStore,
    private readonly clock: Clock,
    private readonly nonces: DpopNonceCodec,
  ) {
    const issuer = config.urls.self.issuer;
    const discovery = config.webfinger.oidc_discovery;
    // The URL the client was told (discovery) and the ones the configuration implies, as for the
    // `aud` of client assertions; never the Host header of the request (RFC 9700 §4.13).
    this.targets = {
      token: targetUrls([
        config.publicUrl('/oauth2/token'),
        joinUrl(issuer, '/oauth2/token'),
        discovery.token_url,
      ]),
      userinfo: targetUrls([
        config.publicUrl('/userinfo'),
        joinUrl(issuer, '/userinfo'),
        discovery.userinfo_url,
      ]),
    };
  }

  async verify(request: DpopProofRequest): Promise<DpopProof> {
    const status = request.endpoint === 'token' ? 400 : 401;
    const invalid: Invalid = (hint) => new InvalidDpopProofError(undefined, status).withHint(hint);
    const proof = singleProof(request.proofs, invalid);
    const { alg, jwk } = checkHeader(proof, invalid);
    const payload = await this.checkSignature(proof, alg, invalid);
    this.checkClaims(payload, request, invalid);
    this.checkNonce(payload.nonce, status);
    const jkt = await calculateJwkThumbprint(jwk, 'sha256');
    await this.checkReplay(jkt, payload, invalid);
    return { jkt };
  }

  /** §4.3: the signature verifies with the `jwk` header, for the `alg` already checked. */
  private async checkSignature(proof: string, alg: string, invalid: Invalid): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(proof, EmbeddedJWK, {
        algorithms: [alg],
        typ: 'dpop+jwt',
        currentDate: this.clock.now(),
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed)
        throw invalid('The DPoP proof has expired or is not valid yet.');
      throw invalid("The signature of the DPoP proof does not verify with its 'jwk' header.");
    }
  }

  /** §4.2, §4.3: `jti`, `htm`, `htu`, `iat` and, at a protected resource, `ath`. */
  private checkClaims(payload: JWTPayload, request: DpopProofRequest, invalid: Invalid): void {
    const { jti, htm, htu } = payload;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
      throw invalid("The DPoP proof needs a 'jti' claim: a unique string.");
    if (htm !== request.method)
      throw invalid("The 'htm' claim of the DPoP proof is not the method of this request.");
    const target = typeof htu === 'string' ? normalisedUrl(htu) : undefined;
    if (target === undefined || !this.targets[request.endpoint].has(target))
      throw invalid("The 'htu' claim of the DPoP proof is not the URL of this endpoint.");
    this.checkIssuedAt(payload.iat, invalid);
    if (request.accessToken !== undefined)
      checkAccessTokenHash(payload.ath, request.accessToken, invalid);
  }

  /**
   * §4.3 check 10, §8, §9: with server nonces on, the proof carries one this server provided
   * lately; else `use_dpop_nonce` and the current nonce, before the `jti` is remembered.
   */
  private checkNonce(nonce: unknown, status: 400 | 401): void {
    if (!this.nonces.required) return;
    if (typeof nonce === 'string' && this.nonces.accepts(nonce)) return;
    const hint =
      nonce === undefined
        ? "The DPoP proof has no 'nonce' claim; use the nonce of the DPoP-Nonce header."
        : "The 'nonce' claim of the DPoP proof is stale or unknown; use the nonce of the DPoP-Nonce header.";
    throw new UseDpopNonceError(undefined, status)
      .withHint(hint)
      .withHeader('DPoP-Nonce', this.nonces.current());
  }

  /** §4.3, §11.1: created within the acceptable window around our clock. */
  private checkIssuedAt(iat: unknown, invalid: Invalid): void {
    if (typeof iat !== 'number' || !Number.isFinite(iat))
      throw invalid("The DPoP proof needs an 'iat' claim.");
    const now = this.clock.nowMs() / 1000;
    if (iat > now + DPOP_MAX_CLOCK_SKEW_SECONDS)
      throw invalid("The 'iat' claim of the DPoP proof lies in the future.");
    if (iat < now - DPOP_MAX_AGE_SECONDS)
      throw invalid(`The DPoP proof is older than ${DPOP_MAX_AGE_SECONDS} seconds.`);
  }

  /**
   * §11.1: a `jti` is accepted once per key while its proof could be accepted. The shared replay
   * store of client assertions holds it under a prefix their keys never have.
   */
  private async checkReplay(jkt: string, payload: JWTPayload, invalid: Invalid): Promise<void> {
    const digest = createHash('sha256')
      .update(`${jkt}\0${String(payload.jti)}`)
      .digest('base64url');
    const until = new Date(((payload.iat as number) + DPOP_MAX_AGE_SECONDS) * 1000);
    if (!(await this.jtis.consume(`${REPLAY_KEY_PREFIX}${digest}`, until)))
      throw invalid("The DPoP proof was used before: its 'jti' must be unique.");
  }
}

/** §4.3: not more than one `DPoP` header, holding a single well-formed JWS compact JWT. */
function singleProof(proofs: readonly string[], invalid: Invalid): string {
  if (proofs.length !== 1) throw invalid('Send exactly one DPoP header.');
  const proof = proofs[0].trim();
  if (proof.length > MAX_PROOF_LENGTH || !JWS_COMPACT.test(proof))
    throw invalid('The DPoP header must hold one JWS compact JWT.');
  return proof;
}

/** §4.2, §4.3: at a protected resource, `ath` is the base64url SHA-256 hash of the access token. */
function checkAccessTokenHash(ath: unknown, accessToken: string, invalid: Invalid): void {
  const expected = createHash('sha256').update(accessToken).digest('base64url');
  if (ath !== expected)
    throw invalid("The 'ath' claim of the DPoP proof is not the hash of the access token.");
}

/** §4.3: `typ` is `dpop+jwt`, `alg` an accepted asymmetric algorithm, `jwk` a public key. */
function checkHeader(proof: string, invalid: Invalid): { alg: string; jwk: JWK } {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw invalid('The DPoP header must hold one JWS compact JWT.');
  }
  if (header.typ !== 'dpop+jwt')
    throw invalid("The 'typ' header of the DPoP proof is not dpop+jwt.");
  const { alg, jwk } = header;
  if (typeof alg !== 'string' || !DPOP_SIGNING_ALGORITHMS.includes(alg)) {
    throw invalid(
      `The DPoP proof must be signed with one of ${DPOP_SIGNING_ALGORITHMS.join(', ')}.`,
    );
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    throw invalid("The DPoP proof has no 'jwk' header.");
  if (PRIVATE_MEMBERS.some((member) => member in jwk))
    throw invalid("The 'jwk' header of the DPoP proof must be a public key.");
  return { alg, jwk };
}

function targetUrls(urls: ReadonlyArray<string | undefined>): ReadonlySet<string> {
  return new Set(
    urls.map((url) => (url === undefined ? undefined : normalisedUrl(url))).filter(isString),
  );
}

/**
 * §4.3: `htu` is compared without query and fragment, after the syntax- and scheme-based
 * normalisation of RFC 3986 §6.2.2–§6.2.3 that URL parsing performs (case of scheme and host,
 * default port, dot segments). A URL with user information never matches.
 */
function normalisedUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') return undefined;
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

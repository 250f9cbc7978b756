import { effectiveGrantTypes, effectiveResponseTypes, type OAuth2Client } from '@tessera/clients';
import {
  InsufficientEntropyError,
  InvalidRequestError,
  InvalidStateError,
  type ResponseMode,
  UnauthorizedClientError,
  UnsupportedResponseModeError,
  UnsupportedResponseTypeError,
} from '@tessera/kernel';
import { type DpopPolicy, dpopRequired } from '../dpop/dpop-binding';
import { isValidS256Challenge } from '../tokens/pkce';

/** RFC 7638 §3 with SHA-256, base64url without padding (RFC 9449 §6.1): 43 characters. */
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/** fosite's minimum length of `state` and `nonce`, so that they cannot be guessed. */
export const MIN_PARAMETER_ENTROPY = 8;

/** The response type combinations of OAuth 2.0 Multiple Response Types §3–§5, sorted. */
const RESPONSE_TYPES = new Set([
  'code',
  'token',
  'id_token',
  'code id_token',
  'code token',
  'id_token token',
  'code id_token token',
]);
const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];
const PROMPTS = ['none', 'login', 'consent', 'select_account', 'registration'];

const invalidRequest = (hint: string) => new InvalidRequestError().withHint(hint);

export function parseResponseMode(value: string | undefined): ResponseMode | undefined {
  if (value === undefined) return undefined;
  if ((RESPONSE_MODES as readonly string[]).includes(value)) return value as ResponseMode;
  throw new UnsupportedResponseModeError().withHint(
    `Request with unsupported response_mode '${value}'.`,
  );
}

/** `response_type` as a sorted list; `undefined` when it names no supported combination. */
export function splitResponseType(value: string | undefined): string[] | undefined {
  const types = [...new Set((value ?? '').split(' ').filter((type) => type !== ''))].sort();
  return RESPONSE_TYPES.has(types.join(' ')) ? types : undefined;
}

/** Multiple Response Types §2.1: `code` alone answers in the query, anything with tokens in the fragment. */
export function defaultResponseMode(types: readonly string[] | undefined): ResponseMode {
  return !types || (types.length === 1 && types[0] === 'code') ? 'query' : 'fragment';
}

/** The response type must be supported and one the client registered (RFC 6749 §3.1.1, RFC 7591 §2.1). */
export function checkResponseType(
  client: OAuth2Client,
  raw: string | undefined,
  types: readonly string[] | undefined,
): readonly string[] {
  if (raw === undefined)
    throw new UnsupportedResponseTypeError().withHint(
      "The request is missing the 'response_type' parameter.",
    );
  const registered = effectiveResponseTypes(client).some((entry) =>
    sameSet(entry.split(' '), types ?? []),
  );
  if (!types || !registered) {
    throw new UnsupportedResponseTypeError().withHint(
      `The client is not allowed to request response_type '${raw}'.`,
    );
  }
  return types;
}

/** Multiple Response Types §5: tokens never travel in a query string. */
export function checkResponseModeIsSafe(mode: ResponseMode, types: readonly string[]): void {
  if (mode === 'query' && types.some((type) => type !== 'code')) {
    throw new UnsupportedResponseModeError().withHint(
      `Insecure response_mode 'query' for the response_type '${types.join(' ')}'.`,
    );
  }
}

/** The grants the response types stand for must be the client's (RFC 6749 §4.1.2.1, §4.2.2.1). */
export function checkGrantTypes(client: OAuth2Client, types: readonly string[]): void {
  const needs = (grant: string) => {
    if (!effectiveGrantTypes(client).includes(grant)) {
      throw new UnauthorizedClientError().withHint(
        `The OAuth 2.0 Client is not allowed to use authorization grant '${grant}'.`,
      );
    }
  };
  if (types.includes('code')) needs('authorization_code');
  if (types.includes('token') || (types.includes('id_token') && !types.includes('code')))
    needs('implicit');
}

/** OIDC Core §3.2.2.1, §3.3.2.11: ID tokens from the authorization endpoint need `openid` and a `nonce`. */
export function checkOpenIdParameters(
  types: readonly string[],
  scope: readonly string[],
  nonce: string | undefined,
): void {
  const idTokenHere = types.includes('id_token');
  if (idTokenHere && !scope.includes('openid')) {
    throw new UnsupportedResponseTypeError().withHint(
      "The response_type 'id_token' requires the 'openid' scope.",
    );
  }
  if (idTokenHere && nonce === undefined) {
    throw invalidRequest(
      "Parameter 'nonce' must be set when requesting an ID Token using the OpenID Connect Implicit or Hybrid Flow.",
    );
  }
  if (nonce !== undefined && nonce.length < MIN_PARAMETER_ENTROPY) {
    throw new InsufficientEntropyError().withHint(
      `Parameter 'nonce' is set but does not satisfy the minimum entropy of ${MIN_PARAMETER_ENTROPY} characters.`,
    );
  }
}

/** Hydra requires `state` of at least eight characters (RFC 6749 §10.12, fosite's entropy rule). */
export function checkState(state: string): void {
  if (state.length < MIN_PARAMETER_ENTROPY) {
    throw new InvalidStateError().withHint(
      `Request parameter 'state' must be at least be ${MIN_PARAMETER_ENTROPY} characters long to ensure sufficient entropy.`,
    );
  }
}

/** OIDC Core §3.1.2.1 `prompt`: known values; `none` stands alone. */
export function parsePrompt(value: string | undefined): string[] {
  const prompt = [...new Set((value ?? '').split(' ').filter((item) => item !== ''))];
  const unknown = prompt.find((item) => !PROMPTS.includes(item));
  if (unknown !== undefined)
    throw invalidRequest(`Used unknown value '${unknown}' for prompt parameter.`);
  if (prompt.includes('none') && prompt.length > 1) {
    throw invalidRequest(
      "Parameter 'prompt' was set to 'none', but contains other values as well which is not allowed.",
    );
  }
  return prompt;
}

export function parseMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value))
    throw invalidRequest("Parameter 'max_age' must be a number of seconds.");
  return Number(value);
}

/**
 * RFC 7636 §4.3 with S256 only (`plain` offers no protection once the request leaks), enforced
 * for every client or for public ones when configured.
 */
export function checkCodeChallenge(
  client: OAuth2Client,
  types: readonly string[],
  challenge: string | undefined,
  method: string | undefined,
  enforced: { all: boolean; publicClients: boolean },
): string {
  if (!types.includes('code')) return '';
  if (challenge === undefined) {
    if (enforced.all) {
      throw invalidRequest(
        'Clients must include a code_challenge when performing the authorize code flow, but it is missing.',
      );
    }
    if (enforced.publicClients && client.token_endpoint_auth_method === 'none') {
      throw invalidRequest(
        'This client must include a code_challenge when performing the authorize code flow, but it is missing.',
      );
    }
    return '';
  }
  if (method === undefined || method === 'plain')
    throw invalidRequest('Clients must use code_challenge_method=S256, plain is not allowed.');
  if (method !== 'S256')
    throw invalidRequest('The code_challenge_method is not supported, use S256 instead.');
  if (!isValidS256Challenge(challenge))
    throw invalidRequest('The code_challenge must be the base64url encoding of a SHA-256 digest.');
  return challenge;
}

/**
 * RFC 9449 §10 `dpop_jkt`: the base64url SHA-256 JWK thumbprint of the key the authorization code
 * is bound to. It binds a code and nothing else (tokens from this endpoint carry no proof), so a
 * response without a code is refused rather than silently left unbound.
 */
export function checkDpopJkt(
  types: readonly string[],
  jkt: string | undefined,
): string | undefined {
  if (jkt === undefined) return undefined;
  const canonical = Buffer.from(jkt, 'base64url').toString('base64url') === jkt;
  if (!JWK_THUMBPRINT.test(jkt) || !canonical) {
    throw invalidRequest(
      "Parameter 'dpop_jkt' must be the base64url SHA-256 JWK thumbprint (RFC 7638) of a DPoP key.",
    );
  }
  if (!types.includes('code')) {
    throw invalidRequest(
      "Parameter 'dpop_jkt' binds an authorization code, but this response_type issues none.",
    );
  }
  return jkt;
}

/**
 * Access tokens from the authorization endpoint (`token` in the response type) travel without a
 * DPoP proof, and the browser's TLS connection is not the client's, so they can never be bound:
 * for a client whose tokens must be (`oauth2.dpop.*`, or its own
 * `tls_client_certificate_bound_access_tokens`, RFC 8705 §3), that response type is refused, as
 * RFC 6749 §4.2.2.1 refuses a method the server does not allow.
 */
export function checkTokensCanBeBound(
  policy: DpopPolicy,
  client: OAuth2Client,
  types: readonly string[],
): void {
  if (!types.includes('token')) return;
  if (dpopRequired(policy, client)) {
    throw new UnsupportedResponseTypeError().withHint(
      'This server requires DPoP-bound access tokens for this client; use the authorization code flow.',
    );
  }
  if (client.tls_client_certificate_bound_access_tokens) {
    throw new UnsupportedResponseTypeError().withHint(
      'The client registered certificate-bound access tokens (RFC 8705); use the authorization code flow.',
    );
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.filter((item) => item !== ''));
  return left.size === b.length && b.every((item) => left.has(item));
}

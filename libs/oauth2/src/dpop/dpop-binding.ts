import type { OAuth2Client } from '@tessera/clients';
import { InvalidDpopProofError, InvalidGrantError } from '@tessera/kernel';
import type { AuthorizationCodeRecord, TokenRecord, TokenSession } from '../tokens/token-records';
import type { DpopProof } from './dpop-proof.verifier';

/**
 * `token_type` of a token response: `DPoP` for tokens bound to a proof's key (RFC 9449 §5), else
 * the lower-case `bearer` Hydra sends (RFC 6749 §7.1: case-insensitive).
 */
export type TokenType = 'bearer' | 'DPoP';

export function tokenTypeOf(proof: DpopProof | undefined): TokenType {
  return proof === undefined ? 'bearer' : 'DPoP';
}

/**
 * The session of a token issued with `proof` and for the certificate with `thumbprint`: bound to
 * them (RFC 9449 §6, RFC 8705 §3; stored sealed with the session), or without any binding a
 * session it was derived from carried.
 */
export function bindSession(
  session: TokenSession,
  proof: DpopProof | undefined,
  thumbprint?: string,
): TokenSession {
  if (proof === undefined && thumbprint === undefined && session.cnf === undefined) return session;
  const { cnf: _previous, ...unbound } = session;
  if (proof === undefined && thumbprint === undefined) return unbound;
  const cnf = {
    ...(proof !== undefined ? { jkt: proof.jkt } : {}),
    ...(thumbprint !== undefined ? { 'x5t#S256': thumbprint } : {}),
  };
  return { ...unbound, cnf };
}

/**
 * RFC 9449 §10: the session of an authorization code requested with `dpop_jkt` remembers that
 * key (sealed with the session, like the binding of a token); without it the code is unbound.
 */
export function bindCode(session: TokenSession, dpopJkt: string | undefined): TokenSession {
  return dpopJkt === undefined ? session : { ...session, cnf: { jkt: dpopJkt } };
}

/**
 * RFC 9449 §10: a code bound with `dpop_jkt` is exchanged only with a proof made with that key.
 * Checked before the code is used, so a refused exchange leaves it to the client's next try.
 */
export function checkCodeBinding(
  record: AuthorizationCodeRecord,
  proof: DpopProof | undefined,
): void {
  const bound = record.session.cnf?.jkt;
  if (bound === undefined || proof?.jkt === bound) return;
  throw new InvalidDpopProofError().withHint(
    proof === undefined
      ? "The authorization code was requested with 'dpop_jkt'; exchange it with a DPoP proof of that key."
      : "The DPoP proof is not made with the key of the authorization request's 'dpop_jkt'.",
  );
}

/**
 * RFC 9449 §5 at a refresh. A refresh token issued with a proof remembers its key. A public client
 * must prove possession of that same key (`invalid_grant` for another key). A confidential
 * client's refresh token is not bound to the key — the client authenticates — so it may change
 * keys, but it must still send a proof: a DPoP grant never falls back to bearer tokens unnoticed.
 */
export function checkRefreshBinding(
  record: TokenRecord,
  client: OAuth2Client,
  proof: DpopProof | undefined,
): void {
  const bound = record.session.cnf?.jkt;
  if (bound === undefined) return;
  if (proof === undefined) {
    throw new InvalidDpopProofError().withHint(
      'The refresh token was issued with a DPoP proof; refresh it with a DPoP proof too.',
    );
  }
  if (client.token_endpoint_auth_method === 'none' && proof.jkt !== bound) {
    throw new InvalidGrantError().withHint(
      'The refresh token is bound to another DPoP key than the one of this proof.',
    );
  }
}

/** Which clients must prove possession of a key at the token endpoint (`oauth2.dpop.*`). */
export interface DpopPolicy {
  readonly enforced: boolean;
  readonly enforced_for_public_clients: boolean;
}

/**
 * RFC 9449 §5: a server may require DPoP. With `oauth2.dpop.enforced` every token request needs a
 * proof; with `enforced_for_public_clients` those of public clients, whose tokens nothing else
 * binds to them (RFC 9700 §2.2.1). Without one: `invalid_dpop_proof`, before any token is used up.
 */
export function checkDpopRequired(
  policy: DpopPolicy,
  client: OAuth2Client,
  proof: DpopProof | undefined,
): void {
  if (proof === undefined && dpopRequired(policy, client)) {
    throw new InvalidDpopProofError().withHint(
      'This server requires a DPoP proof (RFC 9449) with every token request of this client.',
    );
  }
}

/** Whether every access token of `client` must be bound to a DPoP key. */
export function dpopRequired(policy: DpopPolicy, client: OAuth2Client): boolean {
  const isPublic = client.token_endpoint_auth_method === 'none';
  return policy.enforced || (isPublic && policy.enforced_for_public_clients);
}

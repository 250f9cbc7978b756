/** A JSON Web Key (RFC 7517 §4) as Tessera stores and serves it. */
export interface JsonWebKey {
  kty: string;
  kid: string;
  alg: string;
  use: string;
  crv?: string;
  n?: string;
  e?: string;
  x?: string;
  y?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  x5c?: string[];
  [member: string]: unknown;
}

export interface JsonWebKeySet {
  keys: JsonWebKey[];
}

/** The signing algorithms Tessera generates and accepts (RFC 7518 §3.1, RFC 8037). */
/** The longest key set id and kid: the length of the columns they are stored in. */
export const MAX_KEY_IDENTIFIER_LENGTH = 255;

export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** Members that only private keys have (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The public part of a key: every private member removed. */
export function publicPart(key: JsonWebKey): JsonWebKey {
  const copy: JsonWebKey = { ...key };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy;
}

export function isPrivate(key: JsonWebKey): boolean {
  return key.d !== undefined;
}

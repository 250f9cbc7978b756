import { GRANT_TYPES } from './oauth2-client';

const RESPONSE_TYPE_PARTS = new Set(['code', 'token', 'id_token']);
/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function grantTypeProblem(grantTypes: readonly string[]): string | undefined {
  const unknown = grantTypes.find((grant) => !(GRANT_TYPES as readonly string[]).includes(grant));
  return unknown === undefined
    ? undefined
    : `Grant type ${unknown} is not supported; use ${GRANT_TYPES.join(', ')}.`;
}

/** Each response type is a space-separated combination of code, token and id_token (OAuth 2.0 Multiple Response Types §3). */
export function responseTypeProblem(responseTypes: readonly string[]): string | undefined {
  for (const responseType of responseTypes) {
    const parts = responseType.split(' ');
    const valid =
      parts.every((part) => RESPONSE_TYPE_PARTS.has(part)) && new Set(parts).size === parts.length;
    if (!valid)
      return `Response type ${responseType} is not supported; combine code, token and id_token.`;
  }
  return undefined;
}

/** Normalises a scope string to single spaces and checks every token's characters. */
export function normaliseScope(scope: string): { scope: string } | { problem: string } {
  const tokens = scope.split(/[ \t]+/).filter((token) => token !== '');
  const bad = tokens.find((token) => !SCOPE_TOKEN.test(token));
  if (bad !== undefined)
    return {
      problem: `Scope ${JSON.stringify(bad)} contains characters RFC 6749 §3.3 does not allow.`,
    };
  return { scope: tokens.join(' ') };
}

import {
  AccessDeniedError,
  InvalidClientError,
  InvalidRequestError,
  NotFoundError,
  RequestUnauthorizedError,
} from '@tessera/kernel';
import type { Flow } from './flow';
import type { FlowCodec, FlowPurpose } from './flow.codec';

export type FlowStage = 'login' | 'consent';

/** A random id of 32 hex characters, like Hydra's flow ids. */
export function flowId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** `url` with `name=value` set in its query. */
export function withQuery(
  url: string,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) target.searchParams.set(name, value);
  return target.toString();
}

function expired(stage: FlowStage): RequestUnauthorizedError {
  return new RequestUnauthorizedError().withHint(
    `The ${stage} request has expired, please try again.`,
  );
}

/**
 * The flow behind a challenge presented to the admin API: 400 without one, 404 for anything that
 * is not a live challenge of this stage, 401 once it expired (hydra-compat §2.3).
 */
export function openChallenge(codec: FlowCodec, challenge: unknown, stage: FlowStage): Flow {
  if (typeof challenge !== 'string' || challenge === '') {
    throw new InvalidRequestError().withHint(
      "Query parameter 'challenge' is not defined but should have been.",
    );
  }
  const opened = codec.open(challenge, `${stage}-challenge` as FlowPurpose);
  if (opened.status === 'invalid')
    throw new NotFoundError('Unable to locate the requested resource');
  if (opened.status === 'expired') throw expired(stage);
  return opened.flow;
}

/** The flow behind a verifier returning to the authorization endpoint, for this client only. */
export function openVerifier(
  codec: FlowCodec,
  verifier: string,
  stage: FlowStage,
  clientId: string,
): Flow {
  const opened = codec.open(verifier.trim(), `${stage}-verifier` as FlowPurpose);
  if (opened.status === 'invalid') {
    throw new AccessDeniedError().withHint(
      `The ${stage} verifier has already been used, has not been granted, or is invalid.`,
    );
  }
  if (opened.status === 'expired') throw expired(stage);
  if (opened.flow.clientId !== clientId) {
    throw new InvalidClientError().withHint(
      'The flow client id does not match the authorize request client id.',
    );
  }
  return opened.flow;
}

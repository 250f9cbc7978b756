import type { OidcRequestContext } from '@tessera/oauth2';
import type { Flow } from './flow';

/** `oidc_context` (hydra-compat §2.3): only the members the request had. */
export function oidcContextJson(
  oidc: OidcRequestContext,
  idTokenHintClaims?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...(idTokenHintClaims ? { id_token_hint_claims: idTokenHintClaims } : {}),
    ...(oidc.acrValues.length > 0 ? { acr_values: oidc.acrValues } : {}),
    ...(oidc.uiLocales.length > 0 ? { ui_locales: oidc.uiLocales } : {}),
    ...(oidc.display ? { display: oidc.display } : {}),
    ...(oidc.loginHint ? { login_hint: oidc.loginHint } : {}),
  };
}

/** `OAuth2LoginRequest` (hydra-compat §2.3). */
export function loginRequestJson(flow: Flow, challenge: string): Record<string, unknown> {
  return {
    challenge,
    requested_scope: flow.requestedScope,
    requested_access_token_audience: flow.requestedAudience,
    skip: flow.loginSkip ?? false,
    subject: flow.rememberedSubject ?? '',
    oidc_context: flow.oidcContext,
    client: flow.client,
    request_url: flow.requestUrl,
    session_id: flow.sessionId,
  };
}

/** `OAuth2ConsentRequest` (hydra-compat §2.5). */
export function consentRequestJson(flow: Flow, challenge: string): Record<string, unknown> {
  const login = flow.login;
  return {
    challenge,
    consent_request_id: flow.consentRequestId,
    requested_scope: flow.requestedScope,
    requested_access_token_audience: flow.requestedAudience,
    skip: flow.consentSkip ?? false,
    subject: login?.subject ?? '',
    oidc_context: flow.oidcContext,
    client: flow.client,
    request_url: flow.requestUrl,
    login_challenge: flow.id,
    login_session_id: flow.sessionId,
    acr: login?.acr ?? '',
    amr: login?.amr ?? [],
    ...(login?.context !== undefined && login.context !== null ? { context: login.context } : {}),
  };
}

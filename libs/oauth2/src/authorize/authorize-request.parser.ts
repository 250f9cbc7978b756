import { Injectable } from '@nestjs/common';
import { ClientStore, type OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import {
  type AuthorizeErrorTarget,
  InvalidClientError,
  InvalidRequestError,
  InvalidScopeError,
  isOAuthError,
  RegistrationNotSupportedError,
} from '@tessera/kernel';
import { splitSpaceList } from '../oauth-form';
import { firstRefusedAudience } from '../scopes/audience-strategy';
import { ScopeStrategy } from '../scopes/scope-strategy';
import * as checks from './authorize-checks';
import type { AuthorizeParameters, AuthorizeRequest } from './authorize-request';
import {
  checkRequestLength,
  collectParameters,
  type CollectedParameters,
} from './authorize-parameters';
import { isSecureRedirectUri, resolveRedirectUri } from './redirect-uri';
import { RequestObjectResolver } from './request-object.resolver';

const ERROR_PAGE: AuthorizeErrorTarget = { kind: 'error-page' };

/**
 * Turns the parameters of `/oauth2/auth` into a validated `AuthorizeRequest` (RFC 6749 §4.1.1,
 * §4.2.1; OIDC Core §3.1.2.2). Until the client and its redirect URI are verified, errors go to
 * the error page; after that, back to the client (RFC 6749 §4.1.2.1). Everything a later step
 * would refuse (PKCE, nonce, grant types) is refused here, before the user is asked to log in.
 */
@Injectable()
export class AuthorizeRequestParser {
  constructor(
    private readonly clients: ClientStore,
    private readonly requestObjects: RequestObjectResolver,
    private readonly scopes: ScopeStrategy,
    private readonly config: TesseraConfig,
  ) {}

  async parse(input: AuthorizeParameters): Promise<AuthorizeRequest> {
    let collected: CollectedParameters;
    let client: OAuth2Client;
    let redirectUri: string;
    let params: Map<string, string>;
    try {
      collected = collectParameters(input);
      checkRequestLength(collected.original);
      client = await this.client(collected.params.get('client_id'));
      params = await this.requestObjects.resolve(client, collected.params);
      checks.parseResponseMode(params.get('response_mode'));
      const openid = splitSpaceList(params.get('scope')).includes('openid');
      redirectUri = resolveRedirectUri(client, params.get('redirect_uri'), openid);
    } catch (error) {
      throw isOAuthError(error) ? error.withRedirect(ERROR_PAGE) : error;
    }
    const responseTypes = checks.splitResponseType(params.get('response_type'));
    const errorTarget: AuthorizeErrorTarget = {
      kind: 'client',
      redirectUri,
      responseMode:
        checks.parseResponseMode(params.get('response_mode')) ??
        checks.defaultResponseMode(responseTypes),
      state: params.get('state') ?? '',
    };
    try {
      return this.validate(client, params, collected, { redirectUri, errorTarget });
    } catch (error) {
      throw isOAuthError(error) ? error.withRedirect(errorTarget) : error;
    }
  }

  private async client(clientId: string | undefined): Promise<OAuth2Client> {
    const client = clientId === undefined ? undefined : await this.clients.findById(clientId);
    if (!client)
      throw new InvalidClientError().withHint('The requested OAuth 2.0 Client does not exist.');
    return client;
  }

  private validate(
    client: OAuth2Client,
    params: Map<string, string>,
    collected: CollectedParameters,
    target: { redirectUri: string; errorTarget: AuthorizeErrorTarget & { kind: 'client' } },
  ): AuthorizeRequest {
    const rawType = params.get('response_type');
    const responseTypes = checks.checkResponseType(
      client,
      rawType,
      checks.splitResponseType(rawType),
    );
    checks.checkResponseModeIsSafe(target.errorTarget.responseMode, responseTypes);
    if (params.has('registration')) throw new RegistrationNotSupportedError();
    const requestedScope = splitSpaceList(params.get('scope'));
    this.checkScopeAndAudience(client, requestedScope, collected.audience);
    checks.checkState(target.errorTarget.state);
    this.checkWhatIsIssued(client, responseTypes, requestedScope, params.get('nonce'));
    const bindings = this.codeBindings(client, responseTypes, params);
    this.checkRedirectIsSecure(target.redirectUri);
    return {
      client,
      responseTypes,
      responseMode: target.errorTarget.responseMode,
      redirectUri: target.redirectUri,
      redirectUriParameter: params.get('redirect_uri') ?? '',
      state: target.errorTarget.state,
      nonce: params.get('nonce'),
      requestedScope,
      requestedAudience: collected.audience,
      ...bindings,
      prompt: checks.parsePrompt(params.get('prompt')),
      maxAge: checks.parseMaxAge(params.get('max_age')),
      oidc: oidcContext(params),
      identitySchema: params.get('identity_schema'),
      requestUrl: this.requestUrl(collected),
      errorTarget: target.errorTarget,
    };
  }

  /** The response types need their grants, openid and a nonce, and tokens that may be bearer. */
  private checkWhatIsIssued(
    client: OAuth2Client,
    responseTypes: readonly string[],
    requestedScope: readonly string[],
    nonce: string | undefined,
  ): void {
    checks.checkGrantTypes(client, responseTypes);
    checks.checkTokensCanBeBound(this.config.oauth2.dpop, client, responseTypes);
    checks.checkOpenIdParameters(responseTypes, requestedScope, nonce);
  }

  /** What the code will be bound to: a PKCE challenge (RFC 7636), a DPoP key (RFC 9449 §10). */
  private codeBindings(
    client: OAuth2Client,
    responseTypes: readonly string[],
    params: Map<string, string>,
  ): Pick<AuthorizeRequest, 'codeChallenge' | 'dpopJkt'> {
    const { pkce } = this.config.oauth2;
    const codeChallenge = checks.checkCodeChallenge(
      client,
      responseTypes,
      params.get('code_challenge'),
      params.get('code_challenge_method'),
      { all: pkce.enforced, publicClients: pkce.enforced_for_public_clients },
    );
    return { codeChallenge, dpopJkt: checks.checkDpopJkt(responseTypes, params.get('dpop_jkt')) };
  }

  private checkScopeAndAudience(
    client: OAuth2Client,
    scope: readonly string[],
    audience: readonly string[],
  ): void {
    const held = client.scope.split(' ').filter((item) => item !== '');
    const refused = this.scopes.firstRefused(held, scope);
    if (refused !== undefined) {
      throw new InvalidScopeError().withHint(
        `The OAuth 2.0 Client is not allowed to request scope '${refused}'.`,
      );
    }
    const refusedAudience = firstRefusedAudience(client.audience, audience);
    if (refusedAudience !== undefined) {
      throw new InvalidRequestError().withHint(
        `Requested audience '${refusedAudience}' has not been whitelisted by the OAuth 2.0 Client.`,
      );
    }
  }

  /** Outside `--dev`, credentials only travel over TLS or stay on the user's machine (RFC 6749 §10.5). */
  private checkRedirectIsSecure(redirectUri: string): void {
    if (this.config.dev || isSecureRedirectUri(redirectUri)) return;
    throw new InvalidRequestError().withHint(
      "Redirect URL is using an insecure protocol, http is only allowed for hosts with suffix 'localhost', for example: http://myapp.localhost/.",
    );
  }

  /** The authorization URL again, without the verifiers of a flow in progress. */
  private requestUrl(collected: CollectedParameters): string {
    const base =
      this.config.webfinger.oidc_discovery.auth_url ?? this.config.publicUrl('/oauth2/auth');
    const query = new URLSearchParams(collected.original).toString();
    return query === '' ? base : `${base}?${query}`;
  }
}

function oidcContext(params: Map<string, string>): AuthorizeRequest['oidc'] {
  return {
    acrValues: splitSpaceList(params.get('acr_values')),
    uiLocales: splitSpaceList(params.get('ui_locales')),
    display: params.get('display'),
    loginHint: params.get('login_hint'),
    idTokenHint: params.get('id_token_hint'),
  };
}

import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProperty, ApiQuery, ApiResponse } from '@nestjs/swagger';
import {
  AcceptOAuth2ConsentRequestDto,
  AcceptOAuth2LoginRequestDto,
  RejectOAuth2RequestDto,
} from '@tessera/consent';
import { ErrorOAuth2Dto } from '../clients/client-api.docs';

/** `OAuth2RedirectTo` (hydra-compat §2.8). */
export class OAuth2RedirectToDto {
  @ApiProperty({ description: 'Where the UI sends the browser next.' })
  redirect_to!: string;
}

/** `OAuth2LoginRequest` (hydra-compat §2.3). */
export class OAuth2LoginRequestDto {
  @ApiProperty({ description: 'The challenge, as given.' }) challenge!: string;
  @ApiProperty({ type: [String], description: 'The scopes the client asked for.' })
  requested_scope!: string[];
  @ApiProperty({ type: [String], description: 'The audiences the client asked for.' })
  requested_access_token_audience!: string[];
  @ApiProperty({ description: 'A remembered login exists: accept it without asking the user.' })
  skip!: boolean;
  @ApiProperty({ description: 'The remembered subject; empty when skip is false.' })
  subject!: string;
  @ApiProperty({ type: Object, description: 'acr_values, ui_locales, display, login_hint.' })
  oidc_context!: Record<string, unknown>;
  @ApiProperty({ type: Object, description: 'The client, without its secret.' })
  client!: Record<string, unknown>;
  @ApiProperty({ description: 'The authorization URL that started the flow.' })
  request_url!: string;
  @ApiProperty({ description: 'The login session id (the ID token `sid`).' })
  session_id!: string;
}

/** `OAuth2ConsentRequest` (hydra-compat §2.5). */
export class OAuth2ConsentRequestDto extends OAuth2LoginRequestDto {
  @ApiProperty({ description: 'The grant chain of every token issued from this consent.' })
  consent_request_id!: string;
  @ApiProperty({ description: 'The id of the flow (not a challenge string).' })
  login_challenge!: string;
  @ApiProperty({ description: 'The login session id (the ID token `sid`).' })
  login_session_id!: string;
  @ApiProperty({ description: 'The `acr` the login accept gave.' }) acr!: string;
  @ApiProperty({ type: [String], description: 'The `amr` the login accept gave.' })
  amr!: string[];
  @ApiProperty({ required: false, description: 'The context the login accept gave.' })
  context?: unknown;
}

const challengeQuery = (kind: 'login' | 'consent') =>
  ApiQuery({ name: `${kind}_challenge`, required: true, description: `The ${kind} challenge.` });

const problems = [
  ApiResponse({ status: 400, type: ErrorOAuth2Dto, description: 'No challenge, or a bad body.' }),
  ApiResponse({
    status: 401,
    type: ErrorOAuth2Dto,
    description: 'request_unauthorized: the challenge expired.',
  }),
  ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'Not a challenge of this kind.' }),
];

function get(kind: 'login' | 'consent', type: typeof OAuth2LoginRequestDto) {
  const name = kind === 'login' ? 'Login' : 'Consent';
  return applyDecorators(
    ApiOperation({
      operationId: `getOAuth2${name}Request`,
      summary: `Get OAuth 2.0 ${name} Request`,
    }),
    challengeQuery(kind),
    ApiResponse({ status: 200, type }),
    ApiResponse({ status: 410, type: OAuth2RedirectToDto, description: 'The flow was completed.' }),
    ...problems,
  );
}

function decide(kind: 'login' | 'consent', verb: 'accept' | 'reject', body: new () => object) {
  const name = kind === 'login' ? 'Login' : 'Consent';
  const Verb = verb === 'accept' ? 'Accept' : 'Reject';
  return applyDecorators(
    ApiOperation({
      operationId: `${verb}OAuth2${name}Request`,
      summary: `${Verb} OAuth 2.0 ${name} Request`,
    }),
    challengeQuery(kind),
    ApiBody({ type: body }),
    ApiResponse({ status: 200, type: OAuth2RedirectToDto }),
    ...problems,
  );
}

/** The OpenAPI description of the login and consent routes, with Hydra's operation ids. */
export const LoginConsentDocs = {
  getLogin: () => get('login', OAuth2LoginRequestDto),
  acceptLogin: () => decide('login', 'accept', AcceptOAuth2LoginRequestDto),
  rejectLogin: () => decide('login', 'reject', RejectOAuth2RequestDto),
  getConsent: () => get('consent', OAuth2ConsentRequestDto),
  acceptConsent: () => decide('consent', 'accept', AcceptOAuth2ConsentRequestDto),
  rejectConsent: () => decide('consent', 'reject', RejectOAuth2RequestDto),
};

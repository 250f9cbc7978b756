import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ErrorOAuth2Dto } from '../clients/client-api.docs';
import { OAuth2ConsentRequestDto, OAuth2RedirectToDto } from './login-consent.docs';

/** `OAuth2LogoutRequest` (hydra-compat §2.9). */
export class OAuth2LogoutRequestDto {
  @ApiProperty({ description: 'The logout challenge, as given.' }) challenge!: string;
  @ApiProperty({ description: 'The user being logged out.' }) subject!: string;
  @ApiProperty({ description: 'The login session that ends.' }) sid!: string;
  @ApiProperty({ description: 'The logout URL that started the request.' }) request_url!: string;
  @ApiProperty({ description: 'Started by a client with an id_token_hint.' })
  rp_initiated!: boolean;
  @ApiProperty({ description: 'When the request was made (RFC 3339).' }) requested_at!: string;
  @ApiProperty({ description: 'When the challenge expires (RFC 3339).' }) expires_at!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'The client, or null (OP-initiated).' })
  client!: Record<string, unknown> | null;
}

/** `OAuth2ConsentSession` (hydra-compat §2.10). */
export class OAuth2ConsentSessionDto {
  @ApiProperty({ description: 'The grant chain of the tokens of this consent.' })
  consent_request_id!: string;
  @ApiProperty({ type: [String], description: 'The scopes granted.' }) grant_scope!: string[];
  @ApiProperty({ type: [String], description: 'The audiences granted.' })
  grant_access_token_audience!: string[];
  @ApiProperty({
    type: Object,
    description: 'The access_token and id_token claims of the consent.',
  })
  session!: Record<string, unknown>;
  @ApiProperty({ description: 'Whether the consent is remembered.' }) remember!: boolean;
  @ApiProperty({ description: 'For how many seconds (0: for ever).' }) remember_for!: number;
  @ApiProperty({ description: 'When it was given (RFC 3339).' }) handled_at!: string;
  @ApiProperty({ description: 'The context the consent accept gave.' }) context!: unknown;
  @ApiProperty({ type: OAuth2ConsentRequestDto, description: 'The consent request it answered.' })
  consent_request!: OAuth2ConsentRequestDto;
}

const problems = (what: string) => [
  ApiResponse({ status: 400, type: ErrorOAuth2Dto, description: `invalid_request: ${what}.` }),
];

function logoutChallenge() {
  return ApiQuery({
    name: 'logout_challenge',
    required: true,
    description: 'The logout challenge.',
  });
}

/** The OpenAPI description of the session and logout routes, with Hydra's operation ids. */
export const SessionDocs = {
  getLogout: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'getOAuth2LogoutRequest',
        summary: 'Get OAuth 2.0 Session Logout Request',
      }),
      logoutChallenge(),
      ApiResponse({ status: 200, type: OAuth2LogoutRequestDto }),
      ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'Not a logout challenge.' }),
      ApiResponse({
        status: 410,
        type: OAuth2RedirectToDto,
        description: 'The session has ended.',
      }),
    ),
  acceptLogout: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'acceptOAuth2LogoutRequest',
        summary: 'Accept OAuth 2.0 Session Logout Request',
      }),
      logoutChallenge(),
      ApiResponse({ status: 200, type: OAuth2RedirectToDto }),
      ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'Not a logout challenge.' }),
    ),
  rejectLogout: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'rejectOAuth2LogoutRequest',
        summary: 'Reject OAuth 2.0 Session Logout Request',
      }),
      logoutChallenge(),
      ApiResponse({ status: 204, description: 'Nothing is logged out.' }),
      ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'Not a logout challenge.' }),
    ),
  listConsents: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'listOAuth2ConsentSessions',
        summary: 'List OAuth 2.0 Consent Sessions of a Subject',
      }),
      ApiQuery({ name: 'subject', required: true, description: 'The user.' }),
      ApiQuery({
        name: 'login_session_id',
        required: false,
        description: 'Only consents of this login session.',
      }),
      ApiQuery({
        name: 'page_size',
        required: false,
        description: 'Items per page (default 100, at most 500).',
      }),
      ApiQuery({
        name: 'page_token',
        required: false,
        description: 'From the Link header of the previous page.',
      }),
      ApiResponse({ status: 200, type: [OAuth2ConsentSessionDto] }),
      ...problems('subject missing'),
    ),
  revokeConsents: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'revokeOAuth2ConsentSessions',
        summary: 'Revoke OAuth 2.0 Consent Sessions of a Subject',
      }),
      ApiQuery({ name: 'subject', required: false, description: 'With client, or with all=true.' }),
      ApiQuery({
        name: 'client',
        required: false,
        description: 'Only consents given to this client.',
      }),
      ApiQuery({ name: 'all', required: false, description: 'true: every client.' }),
      ApiQuery({ name: 'consent_request_id', required: false, description: 'One consent, alone.' }),
      ApiResponse({ status: 204, description: 'The consents and their tokens are gone.' }),
      ...problems('Invalid combination of query parameters'),
    ),
  revokeLogins: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'revokeOAuth2LoginSessions',
        summary: 'Revokes OAuth 2.0 Login Sessions by either a Subject or a SessionID',
      }),
      ApiQuery({
        name: 'subject',
        required: false,
        description: 'Every login session of this user.',
      }),
      ApiQuery({
        name: 'sid',
        required: false,
        description: 'One login session, with back-channel logout.',
      }),
      ApiResponse({ status: 204, description: 'Ended.' }),
      ...problems('neither subject nor sid'),
    ),
};

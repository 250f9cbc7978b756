import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { ErrorOAuth2Dto } from '../clients/client-api.docs';

/** Form body of an introspection request (RFC 7662 §2.1). */
export class IntrospectOAuth2TokenDto {
  @ApiProperty({ description: 'The token to introspect: an access or refresh token.' })
  token!: string;

  @ApiProperty({
    description:
      'Space-separated scopes the token must all have been granted; otherwise it is reported inactive.',
    required: false,
  })
  scope?: string;

  @ApiProperty({
    description: 'access_token or refresh_token: which kind to look up first.',
    required: false,
  })
  token_type_hint?: string;
}

/** RFC 7662 §2.2, Hydra's `introspectedOAuth2Token`. Inactive tokens are exactly `{"active":false}`. */
export class IntrospectedOAuth2TokenDto {
  @ApiProperty({
    description: 'Whether the token is usable: issued here, not revoked, not expired.',
  })
  active!: boolean;
  @ApiProperty({
    description: 'Granted scopes, space-separated; absent when none.',
    required: false,
  })
  scope?: string;
  @ApiProperty({ description: 'The client the token was issued to.', required: false })
  client_id?: string;
  @ApiProperty({
    description: 'The subject: the resource owner, or the client itself for client_credentials.',
    required: false,
  })
  sub?: string;
  @ApiProperty({ description: 'Expiry, seconds since the epoch.', required: false })
  exp?: number;
  @ApiProperty({ description: 'Issue time, seconds since the epoch.', required: false })
  iat?: number;
  @ApiProperty({
    description: 'Not before, seconds since the epoch (equals iat).',
    required: false,
  })
  nbf?: number;
  @ApiProperty({ description: 'Granted audiences.', required: false, type: [String] })
  aud?: string[];
  @ApiProperty({ description: 'The issuer URL.', required: false })
  iss?: string;
  @ApiProperty({
    description: 'Bearer, or DPoP for a DPoP-bound access token (RFC 9449 §6.2).',
    required: false,
  })
  token_type?: string;
  @ApiProperty({ description: 'access_token or refresh_token.', required: false })
  token_use?: string;
  @ApiProperty({
    description: 'Extra claims of the token session; absent when empty.',
    required: false,
    type: Object,
    additionalProperties: true,
  })
  ext?: Record<string, unknown>;
  @ApiProperty({
    description:
      'Confirmation of a bound access token: jkt, the SHA-256 JWK thumbprint of its DPoP key (RFC 9449 §6.2), and/or x5t#S256, the SHA-256 thumbprint of its client certificate (RFC 8705 §3.2).',
    required: false,
    type: Object,
  })
  cnf?: { jkt?: string; 'x5t#S256'?: string };
}

/** The OpenAPI description of the admin OAuth 2.0 operations, with Hydra's operation ids. */
export const OAuth2AdminDocs = {
  introspect: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'introspectOAuth2Token',
        summary: 'Introspect OAuth2 Access and Refresh Tokens',
        description:
          'RFC 7662 token introspection. Unknown, malformed, expired or revoked tokens answer {"active":false}. No client authentication: the admin port must stay private.',
      }),
      ApiConsumes('application/x-www-form-urlencoded'),
      ApiBody({ type: IntrospectOAuth2TokenDto }),
      ApiResponse({ status: 200, type: IntrospectedOAuth2TokenDto }),
      ApiResponse({
        status: 400,
        type: ErrorOAuth2Dto,
        description: 'invalid_request: no token, or not a form body.',
      }),
      ApiResponse({
        status: 429,
        type: ErrorOAuth2Dto,
        description:
          'too_many_requests: an abuse limit (rate_limits.*, off by default) was reached; Retry-After says when to try again.',
      }),
    ),
  deleteTokens: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'deleteOAuth2Token',
        summary: 'Delete OAuth 2.0 Access Tokens from specific OAuth 2.0 Client',
        description: 'Deletes every access token issued to the client.',
      }),
      ApiQuery({
        name: 'client_id',
        required: true,
        description: 'The client whose access tokens are deleted.',
      }),
      ApiResponse({ status: 204, description: 'Deleted.' }),
      ApiResponse({
        status: 400,
        type: ErrorOAuth2Dto,
        description: 'invalid_request: client_id missing.',
      }),
    ),
};

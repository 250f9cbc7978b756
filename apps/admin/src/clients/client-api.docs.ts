import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { OAuth2ClientDto, OAuth2ClientTokenLifespansDto } from '@tessera/clients';

/** `{error, error_description}`, the body of every error (hydra-compat §2.13). */
export class ErrorOAuth2Dto {
  @ApiProperty({
    description: 'Error code (RFC 6749 §5.2) or, for generic errors, a short text.',
    example: 'invalid_client_metadata',
  })
  error!: string;

  @ApiProperty({
    description: 'Human-readable explanation of the error.',
    example: 'The value of one of the Client Metadata fields is invalid.',
  })
  error_description!: string;
}

/** One RFC 6902 operation; only add, remove and replace are accepted. */
export class JsonPatchOperationDto {
  @ApiProperty({ description: 'The operation.', enum: ['add', 'remove', 'replace'] })
  op!: string;

  @ApiProperty({ description: 'JSON Pointer (RFC 6901) to the member.', example: '/client_name' })
  path!: string;

  @ApiProperty({ description: 'The new value (add and replace).', required: false })
  value?: unknown;
}

const idParam = ApiParam({ name: 'id', description: 'The client_id.' });
const clientResponse = (status: number, description: string) =>
  ApiResponse({ status, type: OAuth2ClientDto, description });
const query = (name: string, type: typeof String | typeof Number, description: string) =>
  ApiQuery({ name, required: false, type, description });

export function ClientErrorResponses(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 400,
      type: ErrorOAuth2Dto,
      description:
        'Malformed body, wrong JSON types, or invalid_client_metadata / invalid_redirect_uri.',
    }),
    ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'No client with this id.' }),
    ApiResponse({ status: 409, type: ErrorOAuth2Dto, description: 'The client_id is taken.' }),
  );
}

/** The OpenAPI description of each `/admin/clients` operation, with Hydra's operation ids. */
export const ClientApiDocs = {
  create: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'createOAuth2Client',
        summary: 'Create OAuth 2.0 Client',
        description:
          'Creates a client. The client_id may be chosen (any string) or is generated; a secret of 26 characters is generated when none is given. The secret is returned only in this response.',
      }),
      ApiBody({ type: OAuth2ClientDto }),
      clientResponse(201, 'The created client, with its secret; Location points to it.'),
    ),
  list: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'listOAuth2Clients',
        summary: 'List OAuth 2.0 Clients',
        description:
          'Lists clients ordered by client_id, without secrets. Keyset pagination: follow the Link header (rel="next"); page tokens expire after one hour.',
      }),
      query('page_size', Number, 'Items per page: default 100, at most 500.'),
      query('page_token', String, 'Opaque token of the next page, from the Link header.'),
      query('client_name', String, 'Only clients with exactly this name.'),
      query('owner', String, 'Only clients with exactly this owner.'),
      ApiResponse({ status: 200, type: [OAuth2ClientDto], description: 'One page of clients.' }),
    ),
  get: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'getOAuth2Client',
        summary: 'Get an OAuth 2.0 Client',
        description: 'Returns one client, without its secret.',
      }),
      idParam,
      clientResponse(200, 'The client.'),
    ),
  replace: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'setOAuth2Client',
        summary: 'Set OAuth 2.0 Client',
        description:
          'Replaces the whole client. An empty client_secret keeps the stored secret; a new one is returned in this response only.',
      }),
      idParam,
      ApiBody({ type: OAuth2ClientDto }),
      clientResponse(200, 'The replaced client.'),
    ),
  patch: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'patchOAuth2Client',
        summary: 'Patch OAuth 2.0 Client',
        description:
          'Applies an RFC 6902 JSON Patch (add, remove and replace only; client_id cannot change). A changed client_secret is returned in this response only.',
      }),
      idParam,
      ApiBody({ type: [JsonPatchOperationDto] }),
      clientResponse(200, 'The patched client.'),
    ),
  delete: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'deleteOAuth2Client',
        summary: 'Delete OAuth 2.0 Client',
        description: 'Deletes the client.',
      }),
      idParam,
      ApiResponse({ status: 204, description: 'Deleted.' }),
    ),
  setLifespans: () =>
    applyDecorators(
      ApiOperation({
        operationId: 'setOAuth2ClientLifespans',
        summary: 'Set OAuth2 Client Token Lifespans',
        description:
          'Replaces all per-client token lifespans; omitted or null lifespans use the server defaults.',
      }),
      idParam,
      ApiBody({ type: OAuth2ClientTokenLifespansDto }),
      clientResponse(200, 'The client with its new lifespans.'),
    ),
};

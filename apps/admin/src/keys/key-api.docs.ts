import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { CreateJsonWebKeySetDto, JsonWebKeyDto, JsonWebKeySetDto } from '@tessera/jwks';
import { ErrorOAuth2Dto } from '../clients/client-api.docs';

const setParam = ApiParam({
  name: 'set',
  description: 'The key set, e.g. hydra.openid.id-token; at most 255 characters.',
});
const kidParam = ApiParam({ name: 'kid', description: 'The key id.' });
const badRequest = ApiResponse({
  status: 400,
  type: ErrorOAuth2Dto,
  description: 'Malformed body, unsupported algorithm, or an invalid key.',
});
const operation = (operationId: string, summary: string, description: string) =>
  ApiOperation({ operationId, summary, description });

/** The OpenAPI description of each `/admin/keys` operation, with Hydra's operation ids. */
export const KeyApiDocs = {
  create: () =>
    applyDecorators(
      operation(
        'createJsonWebKeySet',
        'Create JSON Web Key',
        'Generates a key (RS/PS/ES 256/384/512 or EdDSA) and adds it to the set, creating the set if needed. The new key, private part included, is the newest of its set and signs from now on. Symmetric (HS*) keys are refused.',
      ),
      setParam,
      ApiBody({ type: CreateJsonWebKeySetDto }),
      ApiResponse({
        status: 201,
        type: JsonWebKeySetDto,
        description: 'A set holding only the new key.',
      }),
      badRequest,
      ApiResponse({
        status: 409,
        type: ErrorOAuth2Dto,
        description: 'The set already has a key with this kid.',
      }),
    ),
  getSet: () =>
    applyDecorators(
      operation(
        'getJsonWebKeySet',
        'Retrieve a JSON Web Key Set',
        'Returns every key of the set, newest first, private parts included.',
      ),
      setParam,
      ApiResponse({ status: 200, type: JsonWebKeySetDto }),
      ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'No such set.' }),
    ),
  replaceSet: () =>
    applyDecorators(
      operation(
        'setJsonWebKeySet',
        'Update a JSON Web Key Set',
        'Replaces every key of the set with the given ones (creating the set if needed). Each key is checked: supported kty/alg/crv, a kid, and a private part that matches its public part. The first key signs.',
      ),
      setParam,
      ApiBody({ type: JsonWebKeySetDto }),
      ApiResponse({ status: 200, type: JsonWebKeySetDto }),
      badRequest,
    ),
  deleteSet: () =>
    applyDecorators(
      operation(
        'deleteJsonWebKeySet',
        'Delete JSON Web Key Set',
        'Deletes the set and its keys. Deleting a set that does not exist is not an error.',
      ),
      setParam,
      ApiResponse({ status: 204, description: 'Deleted.' }),
    ),
  getKey: () =>
    applyDecorators(
      operation(
        'getJsonWebKey',
        'Get JSON Web Key',
        'Returns a set holding the one key, private part included.',
      ),
      setParam,
      kidParam,
      ApiResponse({ status: 200, type: JsonWebKeySetDto }),
      ApiResponse({ status: 404, type: ErrorOAuth2Dto, description: 'No such key.' }),
    ),
  putKey: () =>
    applyDecorators(
      operation(
        'setJsonWebKey',
        'Set JSON Web Key',
        'Adds the key to the set, or replaces the key with this kid; it becomes the newest of its set. The kid of the body must be the kid of the path.',
      ),
      setParam,
      kidParam,
      ApiBody({ type: JsonWebKeyDto }),
      ApiResponse({ status: 200, type: JsonWebKeyDto }),
      badRequest,
    ),
  deleteKey: () =>
    applyDecorators(
      operation(
        'deleteJsonWebKey',
        'Delete JSON Web Key',
        'Deletes one key. Deleting a key that does not exist is not an error.',
      ),
      setParam,
      kidParam,
      ApiResponse({ status: 204, description: 'Deleted.' }),
    ),
};

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JsonBodyGuard } from '@tessera/http';
import {
  CreateJsonWebKeySetDto,
  type JsonWebKey,
  type JsonWebKeySet,
  JsonWebKeyManager,
  KeySetNotFoundError,
  type SigningAlgorithm,
  validateImportedKey,
} from '@tessera/jwks';
import { BadRequestError, NotFoundError, parseJsonDocument } from '@tessera/kernel';
import { KeyApiDocs } from './key-api.docs';

const MAX_KEYS_PER_SET = 100;

/** `/admin/keys`: Hydra's JSON Web Key set API (hydra-compat §1.3, §2.14). */
@ApiTags('jwk')
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: JsonWebKeyManager) {}

  @Post(':set')
  @HttpCode(201)
  @UseGuards(JsonBodyGuard)
  @KeyApiDocs.create()
  async create(
    @Param('set') setId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonWebKeySet> {
    const request = parseJsonDocument(CreateJsonWebKeySetDto, body);
    const key = await this.keys.generate(
      setId,
      request.alg as SigningAlgorithm,
      request.use,
      request.kid,
    );
    response.setHeader('Location', `/admin/keys/${encodeURIComponent(setId)}`);
    return { keys: [key] };
  }

  @Get(':set')
  @KeyApiDocs.getSet()
  async getSet(@Param('set') setId: string): Promise<JsonWebKeySet> {
    const keys = await this.keys.keys(setId);
    if (!keys || keys.length === 0) throw new KeySetNotFoundError();
    return { keys: [...keys] };
  }

  @Put(':set')
  @UseGuards(JsonBodyGuard)
  @KeyApiDocs.replaceSet()
  async replaceSet(@Param('set') setId: string, @Body() body: unknown): Promise<JsonWebKeySet> {
    const keys = readKeySet(body);
    await this.keys.replace(setId, keys);
    return { keys };
  }

  @Delete(':set')
  @HttpCode(204)
  @KeyApiDocs.deleteSet()
  async deleteSet(@Param('set') setId: string): Promise<void> {
    await this.keys.deleteSet(setId);
  }

  @Get(':set/:kid')
  @KeyApiDocs.getKey()
  async getKey(@Param('set') setId: string, @Param('kid') kid: string): Promise<JsonWebKeySet> {
    const key = (await this.keys.keys(setId))?.find((candidate) => candidate.kid === kid);
    if (!key) throw new NotFoundError();
    return { keys: [key] };
  }

  @Put(':set/:kid')
  @UseGuards(JsonBodyGuard)
  @KeyApiDocs.putKey()
  async putKey(
    @Param('set') setId: string,
    @Param('kid') kid: string,
    @Body() body: unknown,
  ): Promise<JsonWebKey> {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    // A key without a kid takes the one of the path.
    const key = validateImportedKey(isObject && !('kid' in body) ? { ...body, kid } : body);
    if (key.kid !== kid)
      throw new BadRequestError(
        `The kid of the key (${key.kid}) differs from the kid in the path (${kid}).`,
      );
    await this.keys.put(setId, key);
    return key;
  }

  @Delete(':set/:kid')
  @HttpCode(204)
  @KeyApiDocs.deleteKey()
  async deleteKey(@Param('set') setId: string, @Param('kid') kid: string): Promise<void> {
    await this.keys.deleteKey(setId, kid);
  }
}

/** A JSON Web Key Set body: `{"keys": [...]}`, each key valid, kids unique. */
function readKeySet(body: unknown): JsonWebKey[] {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (typeof body !== 'object' || body === null || !Array.isArray(keys)) {
    throw new BadRequestError(
      'Unable to decode the request body: expected a JSON Web Key Set {"keys": [...]}.',
    );
  }
  if (keys.length > MAX_KEYS_PER_SET)
    throw new BadRequestError(`A key set may hold at most ${MAX_KEYS_PER_SET} keys.`);
  const valid = keys.map((key, index) => validateImportedKey(key, index));
  const kids = new Set(valid.map((key) => key.kid));
  if (kids.size !== valid.length)
    throw new BadRequestError('Every key of a set needs its own kid.');
  return valid;
}

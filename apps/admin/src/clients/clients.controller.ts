import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientRegistry, toClientJson } from '@tessera/clients';
import { PageTokenCodec, parsePageRequest } from '@tessera/database';
import { JsonBodyGuard, paginationLinks } from '@tessera/http';
import { ClientApiDocs, ClientErrorResponses } from './client-api.docs';

type ClientJson = Record<string, unknown>;

/** `/admin/clients`: Hydra's OAuth 2.0 client management API (hydra-compat §1.3). */
@ApiTags('oAuth2')
@ClientErrorResponses()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly pageTokens: PageTokenCodec,
  ) {}

  @Post()
  @HttpCode(201)
  @UseGuards(JsonBodyGuard)
  @ClientApiDocs.create()
  async create(
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientJson> {
    const { client, secret } = await this.registry.create(body);
    response.setHeader('Location', `/admin/clients/${encodeURIComponent(client.client_id)}`);
    return toClientJson(client, secret);
  }

  @Get()
  @ClientApiDocs.list()
  async list(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientJson[]> {
    const page = parsePageRequest(query, this.pageTokens);
    const filter = { client_name: firstString(query.client_name), owner: firstString(query.owner) };
    const result = await this.registry.list(filter, page);
    const nextToken = result.next === undefined ? undefined : this.pageTokens.encode(result.next);
    response.setHeader('Link', paginationLinks(request, page.size, nextToken));
    return result.items.map((client) => toClientJson(client));
  }

  @Get(':id')
  @ClientApiDocs.get()
  async get(@Param('id') id: string): Promise<ClientJson> {
    return toClientJson(await this.registry.get(id));
  }

  @Put(':id')
  @UseGuards(JsonBodyGuard)
  @ClientApiDocs.replace()
  async replace(@Param('id') id: string, @Body() body: unknown): Promise<ClientJson> {
    const { client, secret } = await this.registry.replace(id, body);
    return toClientJson(client, secret);
  }

  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ClientApiDocs.patch()
  async patch(@Param('id') id: string, @Body() body: unknown): Promise<ClientJson> {
    const { client, secret } = await this.registry.patch(id, body);
    return toClientJson(client, secret);
  }

  @Delete(':id')
  @HttpCode(204)
  @ClientApiDocs.delete()
  async delete(@Param('id') id: string): Promise<void> {
    await this.registry.delete(id);
  }

  @Put(':id/lifespans')
  @UseGuards(JsonBodyGuard)
  @ClientApiDocs.setLifespans()
  async setLifespans(@Param('id') id: string, @Body() body: unknown): Promise<ClientJson> {
    return toClientJson(await this.registry.setLifespans(id, body));
  }
}

function firstString(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstString(value[0]);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

import { Controller, Delete, Get, HttpCode, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LogoutRequests, SessionAdministration } from '@tessera/consent';
import { PageTokenCodec, parsePageRequest } from '@tessera/database';
import { paginationLinks } from '@tessera/http';
import { SessionDocs } from './sessions.docs';

/** Login, consent and logout sessions (hydra-compat §1.3): `/admin/oauth2/auth/{sessions,requests/logout}`. */
@ApiTags('oAuth2')
@Controller('oauth2/auth')
export class SessionsController {
  constructor(
    private readonly sessions: SessionAdministration,
    private readonly logouts: LogoutRequests,
    private readonly pageTokens: PageTokenCodec,
  ) {}

  @Get('sessions/consent')
  @SessionDocs.listConsents()
  async listConsents(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown[]> {
    const page = parsePageRequest(query, this.pageTokens);
    const result = await this.sessions.listConsents(query, page);
    if (result.items.length > 0) {
      const next = result.next === undefined ? undefined : this.pageTokens.encode(result.next);
      response.setHeader('Link', paginationLinks(request, page.size, next));
    }
    return result.items;
  }

  @Delete('sessions/consent')
  @HttpCode(204)
  @SessionDocs.revokeConsents()
  async revokeConsents(@Query() query: Record<string, unknown>): Promise<void> {
    await this.sessions.revokeConsents(query);
  }

  @Delete('sessions/login')
  @HttpCode(204)
  @SessionDocs.revokeLogins()
  async revokeLogins(@Query() query: Record<string, unknown>): Promise<void> {
    await this.sessions.revokeLogins(query);
  }

  @Get('requests/logout')
  @SessionDocs.getLogout()
  async getLogout(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const lookup = await this.logouts.get(query.logout_challenge ?? query.challenge);
    if (!lookup.gone) return lookup.request;
    response.status(410);
    return { redirect_to: lookup.redirectTo };
  }

  @Put('requests/logout/accept')
  @HttpCode(200)
  @SessionDocs.acceptLogout()
  acceptLogout(@Query() query: Record<string, unknown>): unknown {
    return this.logouts.accept(query.logout_challenge ?? query.challenge);
  }

  @Put('requests/logout/reject')
  @HttpCode(204)
  @SessionDocs.rejectLogout()
  rejectLogout(@Query() query: Record<string, unknown>): void {
    this.logouts.reject(query.logout_challenge ?? query.challenge);
  }
}

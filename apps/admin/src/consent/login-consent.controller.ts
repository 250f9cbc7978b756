import { Body, Controller, Get, HttpCode, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConsentRequests, LoginRequests, type RequestLookup } from '@tessera/consent';
import { JsonBodyGuard } from '@tessera/http';
import { LoginConsentDocs } from './login-consent.docs';

/** The challenge of a request: `login_challenge` / `consent_challenge`, or Hydra's alias `challenge`. */
function challengeOf(query: Record<string, unknown>, name: string): unknown {
  return query[name] ?? query.challenge;
}

/** 200 with the request, or 410 `{redirect_to}` when its flow was already completed. */
function answer(lookup: RequestLookup, response: Response): unknown {
  if (!lookup.gone) return lookup.request;
  response.status(410);
  return { redirect_to: lookup.redirectTo };
}

/** `/admin/oauth2/auth/requests/{login,consent}` (hydra-compat §1.3): what a login and consent UI calls. */
@ApiTags('oAuth2')
@Controller('oauth2/auth/requests')
export class LoginConsentController {
  constructor(
    private readonly logins: LoginRequests,
    private readonly consents: ConsentRequests,
  ) {}

  @Get('login')
  @LoginConsentDocs.getLogin()
  async getLogin(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return answer(await this.logins.get(challengeOf(query, 'login_challenge')), response);
  }

  @Put('login/accept')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @LoginConsentDocs.acceptLogin()
  acceptLogin(@Query() query: Record<string, unknown>, @Body() body: unknown): unknown {
    return this.logins.accept(challengeOf(query, 'login_challenge'), body);
  }

  @Put('login/reject')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @LoginConsentDocs.rejectLogin()
  rejectLogin(@Query() query: Record<string, unknown>, @Body() body: unknown): unknown {
    return this.logins.reject(challengeOf(query, 'login_challenge'), body);
  }

  @Get('consent')
  @LoginConsentDocs.getConsent()
  async getConsent(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return answer(await this.consents.get(challengeOf(query, 'consent_challenge')), response);
  }

  @Put('consent/accept')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @LoginConsentDocs.acceptConsent()
  acceptConsent(@Query() query: Record<string, unknown>, @Body() body: unknown): unknown {
    return this.consents.accept(challengeOf(query, 'consent_challenge'), body);
  }

  @Put('consent/reject')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @LoginConsentDocs.rejectConsent()
  rejectConsent(@Query() query: Record<string, unknown>, @Body() body: unknown): unknown {
    return this.consents.reject(challengeOf(query, 'consent_challenge'), body);
  }
}

import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import type { Request } from 'express';

const PAGES: Record<string, string> = {
  login:
    'The login provider is not configured. Set URLS_LOGIN to the login UI of your application.',
  consent:
    'The consent provider is not configured. Set URLS_CONSENT to the consent UI of your application.',
  logout:
    'The logout provider is not configured. Set URLS_LOGOUT to the logout UI of your application.',
  'logout/callback':
    'You have been logged out. Set URLS_POST_LOGOUT_REDIRECT to send users somewhere else.',
};

/**
 * Hydra's placeholder pages under `/oauth2/fallbacks/` (hydra-compat §1.2): where the browser
 * lands while `urls.login`, `urls.consent`, … are not configured, and the default error page.
 */
@Controller('oauth2/fallbacks')
export class FallbacksController {
  @Get(['login', 'consent', 'logout', 'logout/callback'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  placeholder(@Req() request: Request): string {
    const which = request.path.replace(/^.*\/oauth2\/fallbacks\//, '');
    return page('Tessera', PAGES[which] ?? PAGES.login);
  }

  @Get('error')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  error(@Query('error') error: unknown, @Query('error_description') description: unknown): string {
    const name = typeof error === 'string' ? error : 'error';
    const text = typeof description === 'string' ? description : '';
    return page(
      'An error occurred',
      `<strong>${escapeHtml(name)}</strong></p><p>${escapeHtml(text)}`,
    );
  }
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JsonBodyGuard } from './json-body.guard';
import { OAuthErrorFilter } from './oauth-error.filter';

/** Nest glue shared by both apps: the one error filter. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: OAuthErrorFilter }, JsonBodyGuard],
  exports: [JsonBodyGuard],
})
export class HttpCoreModule {}

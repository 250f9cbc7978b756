import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClientCertificateReader } from './client-certificate.reader';
import { JsonBodyGuard } from './json-body.guard';
import { OAuthErrorFilter } from './oauth-error.filter';

/** Nest glue shared by both apps: the one error filter, the JSON guard, client certificates. */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: OAuthErrorFilter },
    JsonBodyGuard,
    ClientCertificateReader,
  ],
  exports: [JsonBodyGuard, ClientCertificateReader],
})
export class HttpCoreModule {}

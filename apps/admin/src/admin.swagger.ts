import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { tesseraVersion } from '@tessera/config';

export const SWAGGER_PATH = 'docs';

/** Swagger UI at `/admin/docs`, the OpenAPI document at `/admin/docs/openapi.json`. */
export function setupAdminSwagger(app: INestApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Tessera Admin API')
    .setDescription(
      "The administrative API of Tessera, wire-compatible with ORY Hydra's admin API: OAuth 2.0 clients, health and version. " +
        'It has no authentication of its own: expose it only on the cluster network.',
    )
    .setVersion(tesseraVersion())
    .build();
  SwaggerModule.setup(SWAGGER_PATH, app, () => SwaggerModule.createDocument(app, document), {
    useGlobalPrefix: true,
    jsonDocumentUrl: `${SWAGGER_PATH}/openapi.json`,
    yamlDocumentUrl: `${SWAGGER_PATH}/openapi.yaml`,
    customSiteTitle: 'Tessera Admin API',
  });
}

import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * Options every ingest app must be created with (main.ts and tests): the ingest routes read
 * their bodies themselves, with their own limits and JSON errors (RawBodyMiddleware).
 */
export const INGEST_APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

/** OpenAPI at /docs (JSON at /docs-json) and shutdown hooks. */
export function setupApp(app: INestApplication): INestApplication {
  const config = new DocumentBuilder()
    .setTitle('ingest-producer')
    .setDescription(
      'Publishes lines to `text-lines` and numbers to `numbers`. A 2xx means the broker acknowledged the record (acks=all, idempotent producer); 503 means it was not stored.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  app.enableShutdownHooks();
  return app;
}

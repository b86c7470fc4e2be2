import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AdminEnv } from './admin.env';
import { loopbackHostOnly } from './security/loopback-host';

/**
 * What AppModule cannot set by itself: security headers (helmet: a same-origin content
 * security policy, no MIME sniffing, no framing, no X-Powered-By), CORS only for the
 * origins CORS_ORIGINS names (none by default), the JSON body limit (create the app with
 * `bodyParser: false`, so this parser is the only one), the OpenAPI page at /docs, and without
 * ADMIN_TOKEN a Host check against DNS rebinding (`loopbackHostOnly`).
 */
export function configureApp(app: NestExpressApplication, env: Pick<AdminEnv, 'BODY_LIMIT_BYTES' | 'CORS_ORIGINS' | 'ADMIN_TOKEN'>): void {
  if (!env.ADMIN_TOKEN) app.use(loopbackHostOnly);
  // Admin serves plain HTTP (TLS, and with it HSTS, belong to a proxy in front of it): asking the
  // browser to upgrade the page's own requests to https would break the dashboard.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }, strictTransportSecurity: false }));
  if (env.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: env.CORS_ORIGINS, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 });
  }
  app.useBodyParser('json', { limit: env.BODY_LIMIT_BYTES });
  const config = new DocumentBuilder()
    .setTitle('kstream admin')
    .setDescription('Topics, partitions, consumer groups and lag, offset resets, message browsing and DLQ redrive. Mutations need Authorization: Bearer <ADMIN_TOKEN>.')
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}

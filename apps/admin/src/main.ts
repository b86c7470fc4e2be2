import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadKafkaEnv } from '@kstream/kafka';
import { limitHttpServer, runService, type ServiceLogger } from '@kstream/observability';
import { AppModule } from './app/app.module';
import { bindAddress, loadAdminEnv } from './app/admin.env';
import { configureApp } from './app/configure-app';

async function main(logger: ServiceLogger): Promise<void> {
  // Validate everything before Nest starts, so a bad variable is one clear line, not a stack trace.
  const kafkaEnv = loadKafkaEnv();
  const adminEnv = loadAdminEnv();
  const { host, notice } = bindAddress(adminEnv);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ kafkaEnv, adminEnv }), { bodyParser: false, logger });
  configureApp(app, adminEnv);
  app.enableShutdownHooks();
  // Slow and idle clients are cut off, and open connections capped (HTTP_* variables).
  limitHttpServer(app, adminEnv);
  await app.listen(adminEnv.PORT, host);
  if (notice) logger.warn(notice, 'admin');
  logger.log(`admin listening on http://${host}:${adminEnv.PORT} (docs at /docs, brokers ${kafkaEnv.KAFKA_BROKERS.join(',')})`, 'admin');
}

runService('admin', main);

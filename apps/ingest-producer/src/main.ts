import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnv, loadKafkaEnv } from '@kstream/kafka';
import { runService } from '@kstream/observability';
import { AppModule } from './app/app.module';
import { IngestEnv } from './app/ingest-producer.env';

async function main(): Promise<void> {
  // Validate everything before Nest starts, so a bad variable is one clear line, not a stack trace.
  const kafkaEnv = loadKafkaEnv();
  const env = loadEnv(IngestEnv);
  const app = await NestFactory.create(AppModule.forRoot({ kafkaEnv }));
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  Logger.log(`ingest-producer listening on http://${env.HOST}:${env.PORT} (brokers ${kafkaEnv.KAFKA_BROKERS.join(',')})`, 'ingest-producer');
}

runService('ingest-producer', main);

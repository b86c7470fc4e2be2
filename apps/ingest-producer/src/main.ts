import { NestFactory } from '@nestjs/core';
import { loadEnv, loadKafkaEnv } from '@kstream/kafka';
import { limitHttpServer, runService, type ServiceLogger, TopicEnv } from '@kstream/observability';
import { AppModule } from './app/app.module';
import { INGEST_APP_OPTIONS, setupApp } from './app/app.setup';
import { IngestEnv } from './app/config/ingest.env';

async function main(logger: ServiceLogger): Promise<void> {
  // Validate everything before Nest starts, so a bad variable is one clear line, not a stack trace.
  const kafkaEnv = loadKafkaEnv();
  const ingestEnv = loadEnv(IngestEnv);
  // TOPIC_SUFFIX isolates a run on a shared broker, as for the stream processors.
  const topics = loadEnv(TopicEnv).topicNames();
  const app = setupApp(await NestFactory.create(AppModule.forRoot({ kafkaEnv, ingestEnv, topics }), { ...INGEST_APP_OPTIONS, logger }));
  // Slow and idle clients are cut off, and open connections capped (HTTP_* variables).
  limitHttpServer(app, ingestEnv);
  await app.listen(ingestEnv.PORT, ingestEnv.HOST);
  logger.log(
    `ingest-producer listening on http://${ingestEnv.HOST}:${ingestEnv.PORT} (brokers ${kafkaEnv.KAFKA_BROKERS.join(',')}, topics ${topics.textLines} and ${topics.numbers}, acks ${ingestEnv.INGEST_ACKS}, linger ${ingestEnv.INGEST_LINGER_MS} ms)`,
    'ingest-producer',
  );
}

runService('ingest-producer', main);

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnv, loadKafkaEnv } from '@kstream/kafka';
import { startStream } from '@kstream/feature-stream';
import { exitAfterClose, limitHttpServer, runService, type ServiceLogger } from '@kstream/observability';
import { AppModule } from './app/app.module';
import { WordCountEnv } from './app/word-count.env';

async function main(logger: ServiceLogger): Promise<void> {
  // Validate everything before Nest starts, so a bad variable is one clear line, not a stack trace.
  const kafkaEnv = loadKafkaEnv();
  const env = loadEnv(WordCountEnv);
  const topics = env.topicNames();
  // The fatal handler closes over `app`; it can only run once the app exists and its engine started.
  const app: INestApplication = await NestFactory.create(
    AppModule.forRoot({
      kafkaEnv,
      topics,
      settings: { threshold: env.WORD_ALERT_THRESHOLD, groupId: env.WORD_COUNT_GROUP_ID, healthStaleMs: env.HEALTH_POLL_STALE_MS, advertisedUrl: env.advertisedUrl(), registry: env.registry(), consumerPerStage: env.CONSUMER_PER_STAGE, exitOnFatal: exitAfterClose(() => app), processingDelayMs: env.WORD_COUNT_PROCESSING_DELAY_MS },
    }),
    { logger },
  );
  app.enableShutdownHooks();
  // The exactly-once transport first (it joins the group and restores state), then HTTP.
  await startStream(app);
  // Slow and idle clients are cut off, and open connections capped (HTTP_* variables).
  limitHttpServer(app, env);
  await app.listen(env.PORT, env.HOST);
  logger.log(
    `word-count listening on http://${env.HOST}:${env.PORT} (brokers ${kafkaEnv.KAFKA_BROKERS.join(',')}, ${topics.textLines} → ${topics.wordCounts}, group ${env.WORD_COUNT_GROUP_ID})`,
    'word-count',
  );
}

runService('word-count', main);

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnv, loadKafkaEnv } from '@kstream/kafka';
import { runService } from '@kstream/observability';
import { AppModule } from './app/app.module';
import { WordCountEnv } from './app/word-count.env';

async function main(): Promise<void> {
  // Validate everything before Nest starts, so a bad variable is one clear line, not a stack trace.
  const kafkaEnv = loadKafkaEnv();
  const env = loadEnv(WordCountEnv);
  const app = await NestFactory.create(AppModule.forRoot({ kafkaEnv }));
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  Logger.log(`word-count listening on http://${env.HOST}:${env.PORT} (brokers ${kafkaEnv.KAFKA_BROKERS.join(',')})`, 'word-count');
}

runService('word-count', main);

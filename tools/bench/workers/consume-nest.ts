/**
 * What a user of stock NestJS would write: ServerKafka with an @EventPattern handler
 * (eachMessage, one record at a time, at-least-once), running the same stream task as the
 * raw consumer; a handler sees one record, so the task's changelog records are built after each.
 * No constructor injection, so tsx's missing decorator metadata does not matter.
 */
import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { fail, job, report } from './kit';
import { taskRunner, Window, type Work } from './consume-kafkajs';

interface Job {
  brokers: string;
  topic: string;
  groupId: string;
  records: number;
  skip: number;
  work: Work;
}

async function main(): Promise<void> {
  const { brokers, topic, groupId, records, skip, work } = job<Job>();
  const { run, flush } = taskRunner(work);
  const window = new Window(skip);
  let finish: (r: ReturnType<Window['result']>) => void = () => undefined;
  const done = new Promise<ReturnType<Window['result']>>((resolve) => (finish = resolve));

  @Controller()
  class BenchController {
    @EventPattern(topic)
    handle(@Ctx() ctx: KafkaContext): void {
      // keepBinary leaves the value as bytes (the task decodes it); Nest has turned key and headers into strings.
      const m = ctx.getMessage();
      const key = m.key === null ? null : Buffer.from(m.key as unknown as string);
      run({ topic, partition: ctx.getPartition(), offset: m.offset, key, value: m.value, headers: m.headers ?? {}, timestamp: m.timestamp });
      flush(ctx.getPartition());
      if (window.add(1, records) && window.seen === records) finish(window.result());
    }
  }

  @Module({ controllers: [BenchController] })
  class BenchModule {}

  const app: INestMicroservice = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { clientId: 'bench-nest', brokers: [brokers], logLevel: logLevel.NOTHING },
      consumer: { groupId },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
    },
  });
  await app.listen();
  const result = await done;
  await app.close();
  report(result);
}

main().catch(fail);

import { Catch, Controller, Injectable, UseFilters, UseInterceptors, type CallHandler, type DynamicModule, type ExecutionContext, type INestApplication, type NestInterceptor, type RpcExceptionFilter } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { Kafka, Producer } from 'kafkajs';
import { throwError, type Observable } from 'rxjs';
import { decoded, DLQ_HEADERS, TOPICS, valueText, violated, type Decoded, type RawRecord, type TopicNames } from '@kstream/contracts-core';
import { DeadLetterError, withRetries } from '@kstream/kafka';
import { provisionTestTopics, readRecords, testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { KEYWORD_TRIGGERS_TOPIC, KeywordTriggerModule, type KeywordTrigger } from './example';
import { DecodePipe, startStream, StreamContext, streamHealth, StreamServer, type StreamStatus } from './index';

class Unlucky extends Error {}

/** A decoder in the shape of the topic contracts' (this library depends on no topic's contract). */
function decodeInteger(record: RawRecord): Decoded<number> {
  const text = valueText(record);
  if (!text.ok) return text;
  const value = Number(text.value);
  return Number.isSafeInteger(value) ? decoded(value) : violated('contract-violation', `value: ${JSON.stringify(text.value)} is not an integer`);
}

/** Chooses the DLQ for one error type, at once: no retry can make 13 lucky. */
@Catch(Unlucky)
class UnluckyToDlq implements RpcExceptionFilter<Unlucky> {
  catch(error: Unlucky): Observable<never> {
    return throwError(() => new DeadLetterError('processing-failed', `unlucky: ${error.message}`));
  }
}

/** Sees every record before its pipes and handler (and every retry of it). */
@Injectable()
class SeenInterceptor implements NestInterceptor {
  static readonly seen: string[] = [];
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.switchToRpc().getContext<StreamContext>();
    SeenInterceptor.seen.push(`${ctx.partition}@${ctx.offset}`);
    return next.handle();
  }
}

@Controller()
@UseInterceptors(SeenInterceptor)
@UseFilters(UnluckyToDlq)
class DoublingProcessor {
  private flaky = 0;

  @EventPattern(TOPICS.numbers, { outputs: [TOPICS.rollingMeans] })
  double(@Payload(new DecodePipe(decodeInteger)) value: number, @Ctx() ctx: StreamContext) {
    if (value === 13) throw new Unlucky('13');
    if (value === 7 && this.flaky++ === 0) throw new Error('flaky once');
    return [{ topic: TOPICS.rollingMeans, message: { key: ctx.key, value: String(value * 2) } }];
  }
}

async function startApp(module: DynamicModule): Promise<{ app: INestApplication; server: StreamServer; statuses: StreamStatus[] }> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const server = app.get(StreamServer);
  const statuses: StreamStatus[] = [];
  server.status.subscribe((status) => statuses.push(status));
  await startStream(app);
  return { app, server, statuses };
}

describe('StreamServer: the exactly-once engine as a Nest transport, on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka('stream-server-test');
    topics = await provisionTestTopics(kafka);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  it('runs the keyword-trigger example: one trigger per matching line, a dead letter for a line that does not decode, and status on the stream', async () => {
    const triggers = `${KEYWORD_TRIGGERS_TOPIC}-${uniqueSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs's own wait for leaders gives up on a busy broker with "does not host this topic-partition":
      // create without it, then wait (bounded) until every partition has a leader the broker reports.
      await admin.createTopics({ topics: [{ topic: triggers, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: false });
      await withRetries(() => admin.fetchTopicMetadata({ topics: [triggers] }), { attempts: 8 });
    } finally {
      await admin.disconnect();
    }
    const { app, server, statuses } = await startApp(
      KeywordTriggerModule.forRoot({ kafka, topics, keyword: 'Kafka', groupId: `trigger-${uniqueSuffix()}`, topicAliases: { [KEYWORD_TRIGGERS_TOPIC]: triggers } }),
    );
    try {
      await waitFor(() => streamHealth(server, 60_000).ok, { timeoutMs: 60_000, description: 'the transport healthy' });
      expect(statuses).toContain('connected');
      await producer.send({ topic: topics.textLines, messages: ['I like kafka', 'nothing to see', '', 'KAFKA again'].map((value) => ({ key: 'k', value })) });

      const fired = await readRecords(kafka, triggers, 2);
      expect(fired.map((r) => (JSON.parse(r.value ?? '{}') as KeywordTrigger).text)).toEqual(['I like kafka', 'KAFKA again']);
      expect((JSON.parse(fired[0].value ?? '{}') as KeywordTrigger).source.topic).toBe(topics.textLines);
      const dlq = await readRecords(kafka, topics.textLinesDlq, 1);
      expect(dlq.map((r) => [r.headers[DLQ_HEADERS.reason], r.headers[DLQ_HEADERS.service], r.headers[DLQ_HEADERS.sourceOffset]])).toEqual([['empty-value', 'keyword-trigger', '2']]);
    } finally {
      await app.close();
    }
    expect(statuses.at(-1)).toBe('disconnected');
    expect(streamHealth(server, 60_000).ok).toBe(false);
  });

  it("runs a handler's interceptor on every attempt, its pipe's violation and its filter's choice as dead letters, and retries the rest", async () => {
    const groupId = `doubling-${uniqueSuffix()}`;
    const module: DynamicModule = {
      module: class DoublingModule {},
      controllers: [DoublingProcessor],
      providers: [SeenInterceptor, { provide: StreamServer, useValue: new StreamServer({ kafka, topics, groupId, dlqTopic: topics.numbersDlq, service: 'doubling', retryBackoffMs: 10 }) }],
    };
    const { app } = await startApp(module);
    try {
      await producer.send({ topic: topics.numbers, messages: ['1', '13', '7', 'abc', '5'].map((value) => ({ key: 'one-partition', value })) });
      const doubled = await readRecords(kafka, topics.rollingMeans, 3);
      expect(doubled.map((r) => r.value)).toEqual(['2', '14', '10']);
      const dlq = await readRecords(kafka, topics.numbersDlq, 2);
      expect(dlq.map((r) => [r.value, r.headers[DLQ_HEADERS.reason], r.headers[DLQ_HEADERS.error]])).toEqual([
        ['13', 'processing-failed', 'unlucky: 13'],
        ['abc', 'contract-violation', 'value: "abc" is not an integer'],
      ]);
      // 13 went to the DLQ on its first attempt (the filter chose it); 7 was retried once; each record was seen.
      const partition = dlq[0].headers[DLQ_HEADERS.sourcePartition];
      const seen = (offset: number) => SeenInterceptor.seen.filter((s) => s === `${partition}@${offset}`).length;
      expect([0, 1, 2, 3, 4].map(seen)).toEqual([1, 1, 2, 1, 1]);
    } finally {
      await app.close();
    }
  });
});

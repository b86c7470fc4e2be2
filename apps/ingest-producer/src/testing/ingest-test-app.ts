import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Kafka } from 'kafkajs';
import { loadEnv, type KafkaEnv } from '@kstream/kafka';
import { testKafkaEnv, type ConsumedRecord } from '@kstream/kafka/testing';
import type { TopicNames } from '@kstream/contracts-core';
import { AppModule } from '../app/app.module';
import { INGEST_APP_OPTIONS, setupApp } from '../app/app.setup';
import { IngestEnv } from '../app/config/ingest.env';

export interface IngestTestApp {
  readonly app: INestApplication;
  readonly base: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions walk the JSON answers freely
  post(path: string, body: unknown, contentType?: string): Promise<{ status: number; body: any }>;
}

/** Boots the real app on a free port against the test broker, with the suite's own topics. */
export async function startIngestApp(options: { topics: TopicNames; kafkaEnv?: KafkaEnv; env?: Record<string, string> }): Promise<IngestTestApp> {
  const ingestEnv = loadEnv(IngestEnv, options.env ?? {});
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ kafkaEnv: options.kafkaEnv ?? testKafkaEnv(), ingestEnv, topics: options.topics })],
  }).compile();
  const app = setupApp(moduleRef.createNestApplication(INGEST_APP_OPTIONS));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    base,
    post: async (path, body, contentType = 'application/json') => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
    },
  };
}

/** Sum of the end offsets of a topic: 0 means nothing was ever written to it. */
export async function recordsWritten(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export function recordAt(records: ConsumedRecord[], partition: number, offset: string): ConsumedRecord | undefined {
  return records.find((r) => r.partition === partition && r.offset === offset);
}

import { BadRequestException } from '@nestjs/common';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { dlqHeaders, DLQ_HEADERS, suffixedTopicNames, type TopicNames } from '@kstream/contracts-core';
import type { KafkaAdminService } from '../common/kafka-admin.service';
import type { MessagesService, RawRecord } from '../messages/messages.service';
import { DlqService, redriveRoute } from './dlq.service';

const names = suffixedTopicNames('u1');

function letter(offset: number, source: string, key = `k-${offset}`): RawRecord {
  const headers = dlqHeaders({ topic: source, partition: 1, offset: String(40 + offset) }, 'invalid-json', 'broken', 'word-count');
  return { partition: 0, offset, message: { key: Buffer.from(key), value: Buffer.from('{'), headers, offset: String(offset), timestamp: '0', attributes: 0 } as KafkaMessage };
}

/** The service over fakes: the DLQ holds `records`, every topic of `names` exists with 3 partitions, sends are recorded. */
function service(records: RawRecord[], topics: TopicNames = names) {
  const sends: { topic: string; key: string; partition?: number }[] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async ({ topic, messages }: { topic: string; messages: { key: Buffer; partition?: number }[] }) => {
      sends.push({ topic, key: messages[0].key.toString(), partition: messages[0].partition });
      return [{ topicName: topic, partition: messages[0].partition ?? 0, errorCode: 0, baseOffset: String(sends.length - 1) }];
    },
  };
  const admin = {
    listTopics: async () => Object.values(topics),
    fetchTopicOffsets: async () => [0, 1, 2].map((partition) => ({ partition, offset: '0', low: '0', high: partition === 0 ? String(records.length) : '0' })),
  };
  const kafkaAdmin = { run: <T>(fn: (a: typeof admin) => Promise<T>) => fn(admin) } as unknown as KafkaAdminService;
  const messages = { maxLimit: 100, read: async () => ({ records, complete: true }) } as unknown as MessagesService;
  const kafka = { producer: () => producer } as unknown as Kafka;
  return { dlq: new DlqService(kafka, kafkaAdmin, messages, topics), sends };
}

describe('DLQ redrive', () => {
  it('sends a dead letter of the input back to it, into its partition', async () => {
    const { dlq, sends } = service([letter(0, names.textLines)]);
    const report = await dlq.redrive(names.textLinesDlq, 'all');
    expect(report.sent).toEqual([{ from: { partition: 0, offset: 0 }, to: { topic: names.textLines, partition: 1, offset: '0' } }]);
    expect(sends).toEqual([{ topic: names.textLines, key: 'k-0', partition: 1 }]);
    expect(report.skipped).toEqual([]);
  });

  it("refuses, and reports, a dead letter whose dlq-source-topic is not the DLQ's input: the internal topic, another input, an output", async () => {
    const records = [
      letter(0, names.wordCountRepartition),
      letter(1, names.numbers),
      letter(2, names.wordTotals),
      letter(3, names.textLines, 'fine'),
    ];
    const { dlq, sends } = service(records);
    const report = await dlq.redrive(names.textLinesDlq, 'all');

    expect(sends).toEqual([{ topic: names.textLines, key: 'fine', partition: 1 }]);
    expect(report.sent.map((s) => s.from.offset)).toEqual([3]);
    expect(report.skipped.map((s) => s.offset)).toEqual([0, 1, 2]);
    expect(report.skipped[0].reason).toBe(
      `refused: ${DLQ_HEADERS.sourceTopic} "${names.wordCountRepartition}" is an internal topic, whose records only the first stage writes; ${names.textLinesDlq} is redriven to ${names.textLines} only`,
    );
    expect(report.skipped[1].reason).toContain(`"${names.numbers}" is not ${names.textLines}`);
    expect(report.skipped[2].reason).toContain(`"${names.wordTotals}" is not ${names.textLines}`);
  });

  it('refuses the same for chosen offsets on the numbers DLQ', async () => {
    const { dlq, sends } = service([letter(0, names.rollingMeanRepartition)]);
    const report = await dlq.redrive(names.numbersDlq, [{ partition: 0, offset: 0 }]);
    expect(sends).toEqual([]);
    expect(report.sent).toEqual([]);
    expect(report.skipped).toEqual([{ partition: 0, offset: 0, reason: expect.stringContaining(`"${names.rollingMeanRepartition}" is an internal topic`) }]);
  });

  it("refuses to redrive a topic that is not one of the stack's DLQs", async () => {
    const { dlq, sends } = service([letter(0, names.textLines)]);
    await expect(dlq.redrive(`${names.textLines}.dlq`, 'all')).rejects.toThrow(BadRequestException);
    await expect(dlq.redrive(names.wordCounts, 'all')).rejects.toThrow(`is not one of the stack's DLQs (${names.textLinesDlq}, ${names.numbersDlq})`);
    expect(sends).toEqual([]);
  });
});

describe('redriveRoute', () => {
  it("gives each DLQ its contract's input and the internal topic its consumer dead-letters there", () => {
    expect(redriveRoute(names.textLinesDlq, names)).toEqual({ input: names.textLines, internal: [names.wordCountRepartition] });
    expect(redriveRoute(names.numbersDlq, names)).toEqual({ input: names.numbers, internal: [names.rollingMeanRepartition] });
    expect(redriveRoute(names.textLines, names)).toBeUndefined();
  });
});

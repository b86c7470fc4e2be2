import { provisionTestTopics, testKafka, uniqueSuffix, waitFor } from '../../testing';
import { ExactlyOnceEngine } from './exactly-once-engine';

describe('ExactlyOnceEngine when kafkajs gives up on its consumer', () => {
  it('stops for good and says why, so the app exits instead of sitting unhealthy for ever', async () => {
    const kafka = testKafka('engine-crash-test');
    const topics = await provisionTestTopics(kafka);
    const fatal: Error[] = [];
    const engine = new ExactlyOnceEngine({
      kafka,
      groupId: `engine-crash-${uniqueSuffix()}`,
      stages: [
        {
          inputTopic: topics.textLines,
          outputTopics: [topics.wordCounts],
          createTask: () => ({ process: (record) => ({ kind: 'output', meta: undefined, messages: [{ topic: topics.wordCounts, message: { value: record.value } }] }) }),
        },
      ],
      dlqTopic: topics.textLinesDlq,
      service: 'engine-crash-test',
      // An output that cannot be encoded fails its transaction every time; once the attempts are spent the
      // engine hands the error to kafkajs, which does not restart a consumer after an error that is not its
      // own retriable kind (a TypeError here, as kafkajs's own defects are).
      encodeOutput: () => {
        throw new TypeError('no schema for this output');
      },
      maxTransactionAttempts: 2,
      retryBackoffMs: 10,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      onFatal: (error) => fatal.push(error),
    });
    const producer = kafka.producer();
    try {
      await engine.start();
      await producer.connect();
      await producer.send({ topic: topics.textLines, messages: [{ value: 'one line' }] });
      await waitFor(() => fatal.length > 0, { timeoutMs: 60_000, description: 'onFatal' });
      expect(fatal).toHaveLength(1);
      expect(fatal[0].message).toMatch(/^kafkajs stopped the consumer of engine-crash-\S+ for good: no schema for this output$/);
      expect(engine.status().crashed).toContain('for good');
    } finally {
      await producer.disconnect();
      await engine.stop();
    }
  });
});

/**
 * The course's consumer exercises through `npm run watch` on a real broker: read ten in a group and
 * stop, continue where the group left off, seek one partition to an offset, and two readers of one
 * partition each with its own position. The tool runs as a user runs it (tools/run.cjs and tsx).
 */
import type { Kafka } from 'kafkajs';
import { withRetries } from '@kstream/kafka';
import { runTool, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';

async function watch(args: string[]): Promise<{ code: number | null; offsets: string[]; stderr: string }> {
  const { code, stdout, stderr } = await runTool('tools/watch/cli.ts', args, { env: { KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(',') } });
  return { code, offsets: [...stdout.matchAll(/^\[(\d+@\d+)\]/gm)].map((m) => m[1]), stderr };
}

describe('npm run watch: the course consumer exercises, on a real broker', () => {
  let kafka: Kafka;
  let topic: string;

  beforeAll(async () => {
    kafka = testKafka('watch-test');
    topic = `watch-course-${uniqueSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: false });
    await withRetries(() => admin.fetchTopicMetadata({ topics: [topic] }), { attempts: 8 });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ value: `record ${i}`, partition: 0 })) });
    await producer.send({ topic, messages: [{ value: 'other', partition: 1 }] });
    await producer.disconnect();
  });

  it('reads ten in a group and stops, then continues where the group left off', async () => {
    const group = `course-${uniqueSuffix()}`;
    const first = await watch([topic, '--group', group, '--from-beginning', '--partition', '0', '--max', '10']);
    expect(first.code).toBe(0);
    expect(first.offsets).toEqual(Array.from({ length: 10 }, (_, i) => `0@${i}`));
    expect(first.stderr).toContain(`partition 0 at 10 (committed 10); group ${group} continues from there`);

    const second = await watch([topic, '--group', group, '--partition', '0', '--max', '10']);
    expect(second.offsets).toEqual(Array.from({ length: 10 }, (_, i) => `0@${i + 10}`));
    expect(second.stderr).toContain('partition 0 at 20 (committed 20)');
  }, 120_000);

  it('seeks a partition to an offset, and two readers of one partition each keep their own position', async () => {
    const [a, b] = await Promise.all([watch([topic, '--partition', '0', '--offset', '5', '--max', '3']), watch([topic, '--partition', '0', '--offset', '20', '--max', '2'])]);
    expect(a.offsets).toEqual(['0@5', '0@6', '0@7']);
    expect(a.stderr).toContain('partition 0 at 8');
    expect(b.offsets).toEqual(['0@20', '0@21']);
    expect(b.stderr).toContain('partition 0 at 22');
  }, 120_000);

  it('refuses an unknown flag with the usage instead of ignoring it', async () => {
    const typo = await watch([topic, '--form-beginning']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown option '--form-beginning'[\s\S]*usage: npm run watch/);
  }, 60_000);
});

/**
 * npm run watch -- <topic> [--from-beginning]
 * Prints a topic's records as they arrive, one readable line each, as a read_committed
 * reader sees them (so transactional outputs show only once committed). Ctrl-C stops.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig, loadKafkaEnv } from '@kstream/kafka';
import { formatRecord, internalTopicNote } from './format-record';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topic = args.find((a) => !a.startsWith('--'));
  if (!topic) {
    console.error('usage: npm run watch -- <topic> [--from-beginning]\n  e.g. npm run watch -- word-counts');
    process.exit(2);
  }
  const env = loadKafkaEnv();
  const kafka = new Kafka({ ...kafkaClientConfig(env, 'kstream-watch'), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const exists = (await admin.listTopics()).includes(topic);
  await admin.disconnect();
  if (!exists) {
    console.error(`no topic "${topic}" on ${env.KAFKA_BROKERS.join(',')} (npm run kafka:provision creates the stack's topics)`);
    process.exit(1);
  }

  // A throw-away group: watching must never move the offsets of a real consumer group.
  const groupId = `kstream-watch-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  const stop = async () => {
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: args.includes('--from-beginning') });
  console.error(`watching ${topic} on ${env.KAFKA_BROKERS.join(',')} (read_committed); Ctrl-C to stop`);
  const note = internalTopicNote(topic);
  if (note) console.error(note);
  await consumer.run({
    eachMessage: async ({ topic: t, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        const first = Array.isArray(value) ? value[0] : value;
        if (first !== undefined) headers[name] = first.toString();
      }
      console.log(
        formatRecord({ topic: t, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers }),
      );
    },
  });
}

main().catch((error: Error) => {
  console.error(`watch failed: ${error.message}`);
  process.exit(1);
});

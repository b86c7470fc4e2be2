/**
 * npm run watch -- <topic> [--from-beginning]
 * Prints a topic's records as they arrive, one readable line each, as a read_committed
 * reader sees them (so transactional outputs show only once committed). Ctrl-C stops.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { accessError, kafkaClientConfig, loadKafkaEnv } from '@kstream/kafka';
import { formatRecord, internalTopicNote } from './format-record';

/** How long Ctrl-C waits for the broker to let the watcher leave its group. */
const STOP_TIMEOUT_MS = 3_000;

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
  try {
    await admin.connect();
  } catch (error) {
    const refused = accessError(error, env);
    console.error(refused ? refused.message : `cannot reach Kafka at ${env.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`);
    process.exit(1);
  }
  const exists = (await admin.listTopics()).includes(topic);
  await admin.disconnect();
  if (!exists) {
    // With ACLs, a principal lists only the topics it may describe: "missing" may mean "not allowed".
    const who = env.KAFKA_SASL_USERNAME;
    console.error(
      who
        ? `no topic "${topic}" visible to User:${who} on ${env.KAFKA_BROKERS.join(',')}: it does not exist, or User:${who} has no DESCRIBE and READ on it ` +
            '(the admin principal, kstream-admin.env, sees every topic; npm run kafka:provision creates the stack\'s topics)'
        : `no topic "${topic}" on ${env.KAFKA_BROKERS.join(',')} (npm run kafka:provision creates the stack's topics)`,
    );
    process.exit(1);
  }

  // A throw-away group: watching must never move the offsets of a real consumer group.
  const groupId = `kstream-watch-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  // Ctrl-C must work at any time, the broker gone included: leaving the group and deleting it get a
  // few seconds (kafkajs would retry them for half a minute), and a second Ctrl-C exits at once.
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(130);
    stopping = true;
    const cleanup = async () => {
      await consumer.disconnect().catch(() => undefined);
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.deleteGroups([groupId]);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    const done = await Promise.race([cleanup().then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref())]);
    if (!done) console.error(`the broker did not answer within ${STOP_TIMEOUT_MS / 1000} s; the throw-away group ${groupId} expires by itself`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // A broker that goes away shows up here; say so, instead of going quiet (kafkajs keeps retrying).
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    console.error(`the broker at ${env.KAFKA_BROKERS.join(',')} went away or refused: ${payload.error.message}${payload.restart ? '; retrying (Ctrl-C stops)' : ''}`);
    if (!payload.restart && !stopping) process.exit(1);
  });

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

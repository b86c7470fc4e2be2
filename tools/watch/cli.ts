/**
 * npm run watch -- <topic> [--from-beginning] [--group G] [--max N] [--partition P [--offset N]] [--registry URL]
 * Prints a topic's records as they arrive, one readable line each, as a read_committed
 * reader sees them (so transactional outputs show only once committed). Ctrl-C stops; on exit it
 * prints where it stopped in each partition (and what it committed, with --group).
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { accessError, kafkaClientConfig, loadKafkaEnv, type KafkaEnv } from '@kstream/kafka';
import { AvroValueReader, SchemaRegistryClient } from '@kstream/data-access-registry';
import { formatRecord, internalTopicNote } from './format-record';
import { WatchPositions } from './positions';
import { parseWatchArgs, USAGE, type WatchOptions } from './watch-args';

/** How long Ctrl-C waits for the broker to let the watcher leave its group. */
const STOP_TIMEOUT_MS = 3_000;

async function topicPartitions(kafka: Kafka, env: KafkaEnv, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    const refused = accessError(error, env);
    throw new Error(refused ? refused.message : `cannot reach Kafka at ${env.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`);
  }
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      // With ACLs, a principal lists only the topics it may describe: "missing" may mean "not allowed".
      const who = env.KAFKA_SASL_USERNAME;
      throw new Error(
        who
          ? `no topic "${topic}" visible to User:${who} on ${env.KAFKA_BROKERS.join(',')}: it does not exist, or User:${who} has no DESCRIBE and READ on it ` +
              "(the admin principal, kstream-admin.env, sees every topic; npm run kafka:provision creates the stack's topics)"
          : `no topic "${topic}" on ${env.KAFKA_BROKERS.join(',')} (npm run kafka:provision creates the stack's topics)`,
      );
    }
    return (await admin.fetchTopicOffsets(topic)).map((p) => p.partition).sort((a, b) => a - b);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  let options: WatchOptions;
  try {
    options = parseWatchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { topic } = options;
  const env = loadKafkaEnv();
  const kafka = new Kafka({ ...kafkaClientConfig(env, 'kstream-watch'), logLevel: logLevel.ERROR });
  const partitions = await topicPartitions(kafka, env, topic);
  if (options.partition !== undefined && !partitions.includes(options.partition)) {
    console.error(`${topic} has partitions ${partitions.join(', ')}; ${options.partition} does not exist`);
    return 2;
  }

  // A throw-away group by default: watching must never move the offsets of a real consumer group.
  const groupId = options.group ?? `kstream-watch-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  const positions = new WatchPositions();
  const avro = new AvroValueReader(options.registry ? new SchemaRegistryClient({ url: options.registry }) : undefined);
  const finished = new Promise<void>((resolve) => (positions.onDone = resolve));

  // Ctrl-C must work at any time, the broker gone included: leaving the group (and deleting a
  // throw-away one) gets a few seconds (kafkajs would retry for half a minute); a second Ctrl-C exits at once.
  let stopping = false;
  let stoppingSince = 0;
  const stop = async (code: number): Promise<never> => {
    // The terminal and tools/run.cjs may both deliver one Ctrl-C: only a later one forces the exit.
    if (stopping) {
      if (Date.now() - stoppingSince > 1000) finish(130);
      return new Promise<never>(() => undefined);
    }
    stopping = true;
    stoppingSince = Date.now();
    const done = await Promise.race([leave(consumer, kafka, options.group ? undefined : groupId).then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref())]);
    if (!done) console.error(`the broker did not answer within ${STOP_TIMEOUT_MS / 1000} s${options.group ? '' : `; the throw-away group ${groupId} expires by itself`}`);
    return finish(code);
  };
  const finish = (code: number): never => {
    for (const line of positions.report(topic, options.group)) console.error(line);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // A broker that goes away shows up here; say so, instead of going quiet (kafkajs keeps retrying).
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    console.error(`the broker at ${env.KAFKA_BROKERS.join(',')} went away or refused: ${payload.error.message}${payload.restart ? '; retrying (Ctrl-C stops)' : ''}`);
    if (!payload.restart && !stopping) void stop(1);
  });
  // On every join: only the chosen partition is read, from the chosen offset.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (options.partition === undefined) return;
    const others = partitions.filter((p) => p !== options.partition);
    if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
    if (options.offset !== undefined && !positions.seeked) {
      positions.seeked = true;
      consumer.seek({ topic, partition: options.partition, offset: String(options.offset) });
    }
  });

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: options.fromBeginning });
  console.error(
    `watching ${topic}${options.partition === undefined ? '' : ` partition ${options.partition}${options.offset === undefined ? '' : ` from offset ${options.offset}`}`} on ${env.KAFKA_BROKERS.join(',')} ` +
      `(read_committed${options.group ? `, group ${options.group}` : ''}${options.max ? `, at most ${options.max}` : ''}); Ctrl-C to stop`,
  );
  const note = internalTopicNote(topic);
  if (note) console.error(note);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (options.partition !== undefined && batch.partition !== options.partition) return;
      for (const message of batch.messages) {
        if (positions.done(options.max) || stopping) break;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const first = Array.isArray(value) ? value[0] : value;
          if (first !== undefined) headers[name] = first.toString();
        }
        console.log(formatRecord({ topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString() ?? null, value: await shownValue(avro, message.value), headers }));
        resolveOffset(message.offset);
        positions.printed(batch.partition, message.offset, options.max);
      }
      // A named group remembers exactly what was printed, so the next run continues after it.
      const next = positions.next(batch.partition);
      if (options.group && next !== undefined) await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
      positions.committed(batch.partition, next);
    },
  });
  await finished;
  return stop(0);
}

/** The value as text: Avro decoded with its writer's schema and shown as JSON, anything else as UTF-8. */
async function shownValue(avro: AvroValueReader, value: Buffer | null): Promise<string | null> {
  if (value === null) return null;
  const read = await avro.read(value);
  if (read.kind === 'plain') return value.toString();
  if (read.kind === 'avro') return JSON.stringify(read.value);
  return `<${read.problem}>`;
}

/** Leaves the group; a throw-away group is deleted too (a named one keeps its committed offsets). */
async function leave(consumer: Consumer, kafka: Kafka, deleteGroup: string | undefined): Promise<void> {
  await consumer.disconnect().catch(() => undefined);
  if (!deleteGroup) return;
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([deleteGroup]);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`watch failed: ${error.message}`);
    process.exit(1);
  },
);

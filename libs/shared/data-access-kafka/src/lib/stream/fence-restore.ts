import type { Admin, Kafka, Producer } from 'kafkajs';
import { idempotentProducerConfig, TRANSACTION_RETRY } from '../client/kafka-config';
import { withRetries } from '../errors';
import { JavaCompatiblePartitioner } from '../client/murmur2';
import { restorePartitions } from './changelog-restore';
import { StateLayoutError } from './engine-errors';
import type { EngineLogger } from './engine-options';
import { homePartition } from './partition-owners';
import type { PartitionState } from './partition-slot';
import type { AnyStage } from './stream-task';


/**
 * A connected transactional producer for `transactionalId` that has fenced every earlier one.
 * kafkajs's connect() fetches a plain idempotent producer id; only the first transaction() sends
 * InitProducerId with the transactional id, which bumps the epoch, aborts the previous owner's open
 * transaction and waits for one the broker is still committing. That must happen before the
 * committed offset and the changelog are read, so fence with an empty transaction (kafkajs ends it
 * locally: nothing was added to it).
 */
export async function fencedProducer(kafka: Kafka, transactionalId: string, transactionTimeoutMs: number): Promise<Producer> {
  const producer = kafka.producer(
    idempotentProducerConfig({
      transactionalId,
      transactionTimeout: transactionTimeoutMs,
      retry: TRANSACTION_RETRY,
      // Keyed outputs (repartition topics above all) go where the Java client would put them: murmur2 of the key.
      createPartitioner: JavaCompatiblePartitioner,
    }),
  );
  await producer.connect();
  await (await producer.transaction()).abort();
  return producer;
}

/**
 * Each stage's tasks read their changelog partitions to the end, read_committed. A keyed stage's
 * record in a partition its key does not hash to was written per original input partition by an
 * earlier version: `StateLayoutError`, which stops the engine.
 */
export async function restoreStages(
  kafka: Kafka,
  groupId: string,
  stages: readonly AnyStage[],
  states: readonly PartitionState[],
  partitionCounts: ReadonlyMap<string, number>,
  logger: EngineLogger,
): Promise<void> {
  for (const stage of stages) {
    const changelog = stage.changelogTopic;
    const mine = states.filter((s) => s.stage === stage);
    if (!changelog || mine.length === 0) continue;
    const tasks = new Map(mine.map((s) => [s.partition, s.task]));
    const partitionCount = partitionCounts.get(changelog) ?? 0;
    let misplaced: { key: string; partition: number; home: number } | undefined;
    const started = Date.now();
    const { records } = await restorePartitions(
      kafka,
      changelog,
      [...tasks.keys()],
      (p, message) => {
        if (stage.keyed && message.key && !misplaced) {
          const home = homePartition(message.key, partitionCount);
          if (home !== p) misplaced = { key: message.key.toString(), partition: p, home };
        }
        tasks.get(p)?.restore?.(message);
      },
      { groupPrefix: groupId },
    );
    if (misplaced) throw new StateLayoutError(groupId, changelog, misplaced);
    logger.log(`restored ${changelog} [${[...tasks.keys()].join(', ')}]: ${records} records in ${Date.now() - started} ms`);
  }
}

/**
 * The partition counts of every stage's input and changelog, after Kafka Streams' co-partitioning
 * check: task p of a stage restores partition p of its changelog, and a keyed stage's changelog
 * records are placed by the key's hash over the input's partition count, so the two counts must
 * agree or state would be read from the wrong partitions.
 */
export async function copartitionedCounts(admin: Admin, stages: readonly AnyStage[]): Promise<Map<string, number>> {
  const topics = [...new Set(stages.flatMap((s) => [s.inputTopic, ...(s.changelogTopic ? [s.changelogTopic] : [])]))];
  const metadata = await withRetries(() => admin.fetchTopicMetadata({ topics }));
  const counts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  for (const stage of stages) {
    if (!stage.changelogTopic) continue;
    const input = counts.get(stage.inputTopic) ?? 0;
    const changelog = counts.get(stage.changelogTopic) ?? 0;
    if (input !== changelog) {
      throw new Error(
        `${stage.inputTopic} has ${input} partitions and its state topic ${stage.changelogTopic} ${changelog}: they must be equal (co-partitioned), ` +
          'since task p restores partition p of its state. Recreate the one that differs with the partition count of the other.',
      );
    }
  }
  return counts;
}

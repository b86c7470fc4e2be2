/**
 * The patched retry of kafkajs's sendMessages (tools/patches/kafkajs-produce-retry.cjs), on the
 * client's own logic: two stand-in brokers, no Kafka. A send spans partition 0 (broker 1, which
 * answers after 100 ms) and partition 1 (broker 2, refused once at once, as a killed broker is);
 * in the second case partition 1's leader then moves to broker 1, as after a leader's death.
 * The reliability suite's three-node leader kill is the end-to-end check (docs/reliability.md).
 */
import { KafkaJSConnectionError } from 'kafkajs';

// kafkajs internals, CommonJS without types.
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (options: unknown) => (args: unknown) => Promise<unknown[]>;
const createRetry = require('kafkajs/src/retry') as (options: unknown) => unknown;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Partitioner = (args: { message: { partition?: number } }) => number;

function standIns(options: { leaderMovesOnRefusal?: boolean; partitioner?: Partitioner } = {}) {
  const leaderOf = new Map([
    [0, 1],
    [1, 2],
  ]);
  const produced: { broker: number; partition: number; firstSequence: number }[] = [];
  /** The values each partition was sent, in order. */
  const values: { partition: number; value: string }[] = [];
  const produce = (nodeId: number, delayMs: number, failures: number) => {
    let left = failures;
    return async ({ topicData }: { topicData: { topic: string; partitions: { partition: number; firstSequence: number; messages?: unknown[] }[] }[] }) => {
      if (left > 0) {
        left -= 1;
        if (options.leaderMovesOnRefusal) leaderOf.set(1, 1);
        throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { broker: `b${nodeId}` } as never);
      }
      await sleep(delayMs);
      for (const { partitions } of topicData) for (const p of partitions) produced.push({ broker: nodeId, partition: p.partition, firstSequence: p.firstSequence });
      for (const { partitions } of topicData) for (const p of partitions as { partition: number; messages: { value: string }[] }[]) for (const m of p.messages) values.push({ partition: p.partition, value: String(m.value) });
      return { topics: topicData.map(({ topic, partitions }) => ({ topicName: topic, partitions: partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })) })) };
    };
  };
  const brokers: Record<number, { nodeId: number; produce: unknown }> = { 1: { nodeId: 1, produce: produce(1, 100, 0) }, 2: { nodeId: 2, produce: produce(2, 0, 1) } };
  const cluster = {
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    findTopicPartitionMetadata: () => [...leaderOf].map(([partitionId, leader]) => ({ partitionId, leader })),
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const byLeader: Record<string, number[]> = {};
      for (const p of partitions.map(Number)) (byLeader[String(leaderOf.get(p))] ??= []).push(p);
      return byLeader;
    },
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers[Number(nodeId)],
  };
  // The idempotent producer's sequence numbers and per-broker lock, as kafkajs's eosManager keeps them.
  const sequences = new Map<number, number>();
  const locks = new Map<unknown, Promise<void>>();
  const release = new Map<unknown, () => void>();
  const eosManager = {
    isTransactional: () => false,
    getProducerId: () => 1,
    getProducerEpoch: () => 0,
    getTransactionalId: () => undefined,
    getSequence: (_topic: string, partition: number) => sequences.get(partition) ?? 0,
    updateSequence: (_topic: string, partition: number, increment: number) => sequences.set(partition, (sequences.get(partition) ?? 0) + increment),
    acquireBrokerLock: async (broker: unknown) => {
      while (locks.has(broker)) await locks.get(broker);
      locks.set(broker, new Promise<void>((resolve) => release.set(broker, resolve)));
    },
    releaseBrokerLock: async (broker: unknown) => {
      locks.delete(broker);
      release.get(broker)?.();
    },
  };
  const logger = { debug: () => undefined, error: () => undefined, info: () => undefined, warn: () => undefined };
  const sendMessages = createSendMessages({
    logger,
    cluster,
    partitioner: options.partitioner ?? (({ message }: { message: { partition?: number } }) => message.partition ?? 0),
    eosManager,
    retrier: createRetry({ initialRetryTime: 10, maxRetryTime: 100, retries: 5 }),
  });
  return { sendMessages, produced, values };
}

describe('kafkajs sendMessages, patched: a retry while another broker still answers', () => {
  it('sends each partition once: the slow broker is not asked again for records it stores', async () => {
    const { sendMessages, produced } = standIns();
    const result = await sendMessages({
      acks: -1,
      timeout: 30_000,
      topicMessages: [{ topic: 't', messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 1 }] }],
    });
    expect(produced).toEqual([
      { broker: 2, partition: 1, firstSequence: 0 },
      { broker: 1, partition: 0, firstSequence: 0 },
    ]);
    expect(result).toHaveLength(2);
  });
});

describe('kafkajs sendMessages, patched: a retry after a partition moved to a broker that had answered', () => {
  it('sends the moved partition to its new leader and returns an answer for every partition', async () => {
    const { sendMessages, produced } = standIns({ leaderMovesOnRefusal: true });
    const result = (await sendMessages({
      acks: -1,
      timeout: 30_000,
      topicMessages: [{ topic: 't', messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 1 }] }],
    })) as { partition: number }[];
    // Unpatched, kafkajs keeps answers per broker: broker 1 had answered for partition 0, so partition 1
    // was never sent again, and the send resolved with partition 0's answer alone.
    expect(produced).toEqual([
      { broker: 1, partition: 0, firstSequence: 0 },
      { broker: 1, partition: 1, firstSequence: 0 },
    ]);
    expect(result.map((r) => r.partition).sort()).toEqual([0, 1]);
  });
});

describe('kafkajs sendMessages, patched: keyless messages on a retry (kafkajs-produce-partition.cjs)', () => {
  it('sends each message once, to the partition it was first given, although the partitioner would now pick another', async () => {
    // kafkajs's default partitioner hands keyless messages out round robin: asked again on the retry,
    // it gives each message the other partition. Unpatched, the retry sent "a" (answered already on
    // partition 0) again on partition 1, and "b" never.
    let calls = 0;
    const roundRobin: Partitioner = () => {
      const round = Math.floor(calls / 2);
      const partition = (calls + round) % 2;
      calls += 1;
      return partition;
    };
    const { sendMessages, values } = standIns({ partitioner: roundRobin });
    await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] }] });
    expect(calls).toBe(2);
    expect(values.sort((x, y) => x.value.localeCompare(y.value))).toEqual([
      { partition: 0, value: 'a' },
      { partition: 1, value: 'b' },
    ]);
  });
});

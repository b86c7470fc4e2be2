import type { Kafka } from 'kafkajs';
import { withRetries } from '../errors';
import { decodeDescribeProducers, decodeDescribeTransactions, encodeDescribeProducers, encodeDescribeTransactions, type OpenTransaction, type TransactionDescription } from './transaction-protocol';

export type { OpenTransaction, TransactionDescription } from './transaction-protocol';

/** FindCoordinator's key type for a transactional id. */
const TRANSACTION_COORDINATOR = 1;
const DESCRIBE_PRODUCERS = 61;
const DESCRIBE_TRANSACTIONS = 65;

/** The parts of kafkajs's internal Broker and Cluster this uses (kafkajs 2.2.4, src/broker, src/cluster). */
interface KafkaJsRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode: () => Promise<unknown>;
}
interface KafkaJsBroker {
  connectionPool: { send(protocol: { request: KafkaJsRequest; response: { decode(payload: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> } }): Promise<unknown> };
  addPartitionsToTxn(request: { transactionalId: string; producerId: string; producerEpoch: number; topics: { topic: string; partitions: number[] }[] }): Promise<unknown>;
  addOffsetsToTxn(request: { transactionalId: string; producerId: string; producerEpoch: number; groupId: string }): Promise<unknown>;
  endTxn(request: { transactionalId: string; producerId: string; producerEpoch: number; transactionResult: boolean }): Promise<unknown>;
}
interface KafkaJsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<KafkaJsBroker>;
  findGroupCoordinator(query: { groupId: string; coordinatorType: number }): Promise<KafkaJsBroker>;
}

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Transaction requests kafkajs 2.2.4 has no API for, sent over a kafkajs cluster of its own so they
 * use the client's brokers, TLS, SASL and socket factory:
 *
 * - DescribeTransactions (KIP-664): what the coordinator last decided for a transactional id;
 * - DescribeProducers (KIP-664): which producers have a transaction open in a partition;
 * - a transaction with no records: AddPartitionsToTxn for given partitions, AddOffsetsToTxn, EndTxn,
 *   which writes a COMMIT or ABORT marker for the producer id to each of those partitions.
 *
 * The exactly-once engine needs them because Kafka can complete a transaction without writing its
 * marker to a partition (see ExactlyOnceEngine.settle). kafkajs keeps its cluster factory private
 * (`Symbol('private:Kafka:createCluster')`), so this looks it up by the symbol's description and
 * fails loudly if a kafkajs upgrade renamed it.
 */
export class TransactionAdmin {
  private readonly cluster: KafkaJsCluster;

  constructor(kafka: Kafka) {
    const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
    const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
    if (typeof create !== 'function') throw new Error('this kafkajs version has no private:Kafka:createCluster; TransactionAdmin supports kafkajs 2.2');
    this.cluster = (create as (options: object) => KafkaJsCluster)({});
  }

  connect(): Promise<void> {
    return this.cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  /** The coordinator's state of a transactional id; undefined when it has never been used (or has expired). */
  describeTransaction(transactionalId: string): Promise<TransactionDescription | undefined> {
    // A coordinator that is moving or loading answers with a retriable code, as to kafkajs's own requests.
    return withRetries(() => this.describeOnce(transactionalId));
  }

  private async describeOnce(transactionalId: string): Promise<TransactionDescription | undefined> {
    const broker = await this.cluster.findGroupCoordinator({ groupId: transactionalId, coordinatorType: TRANSACTION_COORDINATOR });
    const [state] = (await broker.connectionPool.send({
      request: { apiKey: DESCRIBE_TRANSACTIONS, apiVersion: 0, apiName: 'DescribeTransactions', encode: async () => encodeDescribeTransactions([transactionalId]) },
      response: { decode: async (payload) => decodeDescribeTransactions(payload), parse: async (data) => data },
    })) as TransactionDescription[];
    return state;
  }

  /** The transactions open in the given partitions (one DescribeProducers per partition leader). */
  openTransactions(partitions: readonly TopicPartition[]): Promise<OpenTransaction[]> {
    return withRetries(() => this.openOnce(partitions));
  }

  private async openOnce(partitions: readonly TopicPartition[]): Promise<OpenTransaction[]> {
    const topics = [...new Set(partitions.map((p) => p.topic))];
    await this.cluster.addMultipleTargetTopics(topics);
    await this.cluster.refreshMetadata();
    const byLeader = new Map<string, Map<string, number[]>>();
    for (const topic of topics) {
      const wanted = partitions.filter((p) => p.topic === topic).map((p) => p.partition);
      for (const [leader, led] of Object.entries(this.cluster.findLeaderForPartitions(topic, wanted))) {
        const request = byLeader.get(leader) ?? new Map<string, number[]>();
        request.set(topic, led);
        byLeader.set(leader, request);
      }
    }
    const open: OpenTransaction[] = [];
    for (const [nodeId, request] of byLeader) {
      const broker = await this.cluster.findBroker({ nodeId });
      open.push(
        ...((await broker.connectionPool.send({
          request: { apiKey: DESCRIBE_PRODUCERS, apiVersion: 0, apiName: 'DescribeProducers', encode: async () => encodeDescribeProducers(request) },
          response: { decode: async (payload) => decodeDescribeProducers(payload), parse: async (data) => data },
        })) as OpenTransaction[]),
      );
    }
    return open;
  }

  /**
   * Ends the producer's current (empty) transaction with a marker in each of the given partitions
   * and, with `groupId`, in that group's offsets partition: COMMIT when `commit`, else ABORT. The
   * producer id and epoch must be the transactional id's current ones.
   */
  async endWithMarkers(transactionalId: string, producer: { producerId: string; producerEpoch: number }, partitions: readonly TopicPartition[], commit: boolean, groupId?: string): Promise<void> {
    const coordinator = await this.cluster.findGroupCoordinator({ groupId: transactionalId, coordinatorType: TRANSACTION_COORDINATOR });
    const topics = [...new Set(partitions.map((p) => p.topic))].map((topic) => ({ topic, partitions: partitions.filter((p) => p.topic === topic).map((p) => p.partition) }));
    if (topics.length > 0) await coordinator.addPartitionsToTxn({ transactionalId, ...producer, topics });
    if (groupId !== undefined) await coordinator.addOffsetsToTxn({ transactionalId, ...producer, groupId });
    await coordinator.endTxn({ transactionalId, ...producer, transactionResult: commit });
  }
}
